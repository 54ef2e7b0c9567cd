package dev.offheap.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.redact.Redactor;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PerfDataFilesTest {
    @Test
    void findsTheFileAndCountersOfALiveJvm() {
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx64m").start()) {
            assertThat(PerfDataFiles.find(t.pid())).hasValue(Path.of("/proc/" + t.pid() + "/root/tmp/hsperfdata_root/" + t.pid()));
            assertThat(PerfDataFiles.counters(t.pid(), Redactor.standard()).orElseThrow().text("sun.rt.javaCommand")).isEqualTo(Idle.class.getName());
            assertThat(PerfDataFiles.isHotSpot(t.pid())).isTrue();
            assertThat(PerfDataFiles.namespacePid(t.pid())).isEqualTo(t.pid());
        }
    }

    @Test
    void listsJvmsWithAndWithoutHsperfdataButNotOtherProcesses() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try (TargetJvm withFile = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx64m").start();
             TargetJvm without = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx64m", "-XX:-UsePerfData").start()) {
            List<LocalJvm> jvms = PerfDataFiles.localJvms();

            assertThat(jvms).contains(new LocalJvm(withFile.pid(), withFile.pid(), PerfDataFiles.find(withFile.pid()).orElseThrow()));
            assertThat(jvms).contains(new LocalJvm(without.pid(), without.pid(), null));
            assertThat(jvms).extracting(LocalJvm::pid).doesNotContain(sleep.pid());
            assertThat(jvms).extracting(LocalJvm::pid).contains(ProcessHandle.current().pid());
            assertThat(PerfDataFiles.find(without.pid())).isEmpty();
            assertThat(PerfDataFiles.isHotSpot(sleep.pid())).isFalse();
        } finally {
            sleep.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessThatDoesNotExistHasNothing() {
        assertThat(PerfDataFiles.find(999_999_999L)).isEmpty();
        assertThat(PerfDataFiles.counters(999_999_999L, Redactor.standard())).isEmpty();
        assertThat(PerfDataFiles.isHotSpot(999_999_999L)).isFalse();
        assertThat(PerfDataFiles.namespacePid(999_999_999L)).isEqualTo(999_999_999L);
    }
}
