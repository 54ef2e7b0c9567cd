package dev.offheap.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttachRequestTest {
    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void v1JcmdHasTheVersionTheNameAndExactlyThreeArguments() {
        assertThat(text(AttachRequest.v1("jcmd", List.of("VM.version")))).isEqualTo("1\0jcmd\0VM.version\0\0\0");
    }

    @Test
    void v1LoadCarriesPathAbsoluteFlagAndOptions() {
        assertThat(text(AttachRequest.v1("load", List.of("/opt/ap/libasyncProfiler.so", "true", "start,event=nativemem"))))
                .isEqualTo("1\0load\0/opt/ap/libasyncProfiler.so\0true\0start,event=nativemem\0");
    }

    @Test
    void v1RejectsWhatTheListenerCannotRead() {
        assertThatThrownBy(() -> AttachRequest.v1("jcmd", List.of("x".repeat(1025))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("argument longer than 1024 bytes");
        assertThatThrownBy(() -> AttachRequest.v1("a-very-long-operation", List.of()))
                .hasMessageStartingWith("operation name longer than 16 bytes");
        assertThatThrownBy(() -> AttachRequest.v1("jcmd", List.of("a", "b", "c", "d")))
                .hasMessage("protocol v1 takes at most 3 arguments, got 4");
    }

    @Test
    void v2CountsTheBytesAfterTheSizeField() {
        // "jcmd streaming=0\0" is 17 bytes, "VM.version\0" 11
        assertThat(text(AttachRequest.v2("jcmd", "streaming=0", List.of("VM.version"))))
                .isEqualTo("2\0" + "28\0" + "jcmd streaming=0\0VM.version\0");
    }

    @Test
    void v2WithoutOptionsSendsOnlyTheGivenArguments() {
        assertThat(text(AttachRequest.v2("getversion", "", List.of("options"))))
                .isEqualTo("2\0" + "19\0" + "getversion\0options\0");
        assertThat(text(AttachRequest.v2("load", "", List.of("/a.so", "true", ""))))
                .isEqualTo("2\0" + "17\0" + "load\0/a.so\0true\0\0");
    }

    @Test
    void v2SizeCountsUtf8BytesNotCharacters() {
        byte[] b = AttachRequest.v2("jcmd", "", List.of("GC.heap_dump /tmp/ü.hprof"));
        assertThat(text(b)).startsWith("2\0" + "32\0");
        assertThat(b).hasSize("2\0".length() + "32\0".length() + 32);
    }

    @Test
    void v2RefusesRequestsAbove256Kilobytes() {
        assertThatThrownBy(() -> AttachRequest.v2("jcmd", "", List.of("x".repeat(256 * 1024))))
                .hasMessage("request of 262150 bytes exceeds the 256 KB limit of protocol v2");
    }
}
