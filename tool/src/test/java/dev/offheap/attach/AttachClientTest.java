package dev.offheap.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.offheap.model.PerfCounters;
import dev.offheap.redact.Redactor;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Attaches to real JDK 17 and 25 JVMs and runs the commands offheap needs. */
class AttachClientTest {
    static Stream<Arguments> jdksAndNmtModes() {
        return Stream.of(Jdk.values()).flatMap(jdk -> Stream.of("off", "summary", "detail").map(nmt -> Arguments.of(jdk, nmt)));
    }

    @ParameterizedTest(name = "{0} with NMT {1}")
    @MethodSource("jdksAndNmtModes")
    void runsDiagnosticCommandsOnAJvm(Jdk jdk, String nmt) {
        assumeTrue(jdk.installed(), jdk + " is not installed at " + jdk.home());
        long pid;
        try (TargetJvm t = TargetJvm.builder(jdk, Idle.class).jvmArgs("-Xmx64m", "-XX:NativeMemoryTracking=" + nmt).start()) {
            pid = t.pid();
            JvmConnection c = AttachClient.open(t.pid());
            Jcmd jcmd = new Jcmd(c);

            assertThat(c.protocolVersion()).isEqualTo(jdk == Jdk.JDK25 ? 2 : 1);
            assertThat(c.namespacePid()).isEqualTo(t.pid());
            assertThat(jcmd.vmVersion()).contains("JDK " + jdk.major + ".");
            assertThat(jcmd.vmFlags(true, Redactor.standard())).containsPattern("ccstr NativeMemoryTracking += " + nmt + " +\\{product\\} \\{command line\\}");
            String nmtSummary = jcmd.nativeMemory("summary", "scale=KB");
            if (nmt.equals("off")) {
                assertThat(nmtSummary.strip()).isEqualTo("Native memory tracking is not enabled");
            } else {
                assertThat(nmtSummary).contains("Native Memory Tracking:").contains("Java Heap (reserved=65536KB");
            }
            PerfCounters counters = jcmd.perfCounters(Redactor.standard());
            assertThat(counters.text("sun.rt.javaCommand")).isEqualTo(Idle.class.getName());
            assertThat(counters.text("java.rt.vmArgs")).isEqualTo("-Xmx64m -XX:NativeMemoryTracking=" + nmt);
            assertThat(counters.text("java.property.java.vm.specification.version")).isEqualTo(Integer.toString(jdk.major));
            assertThat(counters.text("sun.rt.jvmCapabilities")).startsWith("1");
            assertThat(counters.number("java.threads.live")).isNotEmpty();
            assertThat(t.output()).doesNotContain("Full thread dump");
            Leftovers.assertNoTriggerFile(t.workDir(), t.pid());
        }
        Leftovers.assertJvmFilesGone(pid, "root");
    }

    @Test
    void aSecondOpenFindsTheRunningListenerWithoutSignalling() {
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx64m").start()) {
            AttachClient.open(t.pid()).jcmd("VM.version");
            for (int i = 0; i < 3; i++) {
                assertThat(AttachClient.open(t.pid()).jcmd("VM.uptime")).contains(" s");
            }
            // a SIGQUIT without trigger file would have printed a thread dump
            assertThat(t.output()).doesNotContain("Full thread dump");
        }
    }

    @Test
    void protocolV1WorksOnJdk25WhoseListenerStreamsByDefault() {
        assumeTrue(Jdk.JDK25.installed(), "JDK 25 is not installed");
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK25, Idle.class).jvmArgs("-Xmx64m").start()) {
            JvmConnection c = AttachClient.open(t.pid(), AttachOptions.defaults().withV1Only());

            assertThat(c.protocolVersion()).isEqualTo(1);
            assertThat(c.jcmd("VM.version")).contains("JDK 25.");
            assertThatThrownBy(() -> c.jcmd("Foo.bar")).isInstanceOf(JcmdException.class)
                    .hasMessage("pid " + t.pid() + ": jcmd 'Foo.bar' failed: Unknown diagnostic command");
        }
    }

    @Test
    void streamingOutputOnJdk25GivesTheSameText() {
        assumeTrue(Jdk.JDK25.installed(), "JDK 25 is not installed");
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK25, Idle.class).jvmArgs("-Xmx64m", "-XX:NativeMemoryTracking=summary").start()) {
            JvmConnection streaming = AttachClient.open(t.pid(), AttachOptions.defaults().withStreaming(true));
            JvmConnection buffered = AttachClient.open(t.pid());

            assertThat(streaming.jcmd("VM.command_line")).isEqualTo(buffered.jcmd("VM.command_line"));
            assertThat(streaming.jcmd("VM.native_memory summary")).contains("Native Memory Tracking:");
        }
    }
}
