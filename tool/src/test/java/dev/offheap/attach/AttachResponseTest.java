package dev.offheap.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AttachResponseTest {
    private static AttachResponse parse(String reply) {
        return AttachResponse.parse(reply.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void readsTheCodeLineThenTheOutput() {
        AttachResponse r = parse("0\nOpenJDK 64-Bit Server VM version 17.0.15+6-Debian-1deb12u1\nJDK 17.0.15\n");
        assertThat(r.code()).isZero();
        assertThat(r.ok()).isTrue();
        assertThat(r.output()).isEqualTo("OpenJDK 64-Bit Server VM version 17.0.15+6-Debian-1deb12u1\nJDK 17.0.15\n");
    }

    @Test
    void readsANegativeCodeAndStripsTheExceptionClassFromTheMessage() {
        AttachResponse r = parse("-1\njava.lang.IllegalArgumentException: Unknown diagnostic command\n");
        assertThat(r.code()).isEqualTo(-1);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).isEqualTo("Unknown diagnostic command");
    }

    @Test
    void streamedOutputThatFailsLateStillHasCodeZero() {
        // JDK 25 streaming: "0\n" is written before the command runs; a later exception is just more text
        AttachResponse r = parse("0\npartial output\njava.lang.IllegalArgumentException: bad scale\n");
        assertThat(r.ok()).isTrue();
        assertThat(r.output()).endsWith("bad scale\n");
    }

    @Test
    void joinsAMultiLineMessageIntoOneLine() {
        AttachResponse r = parse("-1\n/x.so was not loaded.\n/x.so: cannot open shared object file\n");
        assertThat(r.message()).isEqualTo("/x.so was not loaded.; /x.so: cannot open shared object file");
    }

    @Test
    void theProtocolMismatchCodeIsRecognised() {
        AttachResponse r = parse("101\nunknown version");
        assertThat(r.code()).isEqualTo(AttachResponse.BAD_VERSION);
        assertThat(r.message()).isEqualTo("unknown version");
    }

    @Test
    void noCompleteCodeLineIsNoResponse() {
        assertThat(AttachResponse.parse(new byte[0])).isEmpty();
        assertThat(AttachResponse.parse("0".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(AttachResponse.parse("\nhello".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(AttachResponse.parse("Full thread dump\n".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }
}
