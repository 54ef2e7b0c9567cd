package dev.offheap.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.offheap.proc.PerfDataFiles;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A JVM in its own PID and mount namespace (as in a container): reached by NSpid and through /proc/PID/root. */
class AttachNamespaceTest {
    @BeforeAll
    static void unshareIsPermitted() throws Exception {
        Process p = new ProcessBuilder("unshare", "--fork", "--pid", "--mount-proc", "true").redirectErrorStream(true).start();
        boolean done = p.waitFor(20, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes());
        assumeTrue(done && p.exitValue() == 0, "unshare --pid --mount-proc is not permitted here: " + out.strip());
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void attachesToAJvmInAnotherPidNamespace(Jdk jdk) {
        assumeTrue(jdk.installed(), jdk + " is not installed");
        long nspid;
        try (TargetJvm t = TargetJvm.builder(jdk, Idle.class).jvmArgs("-Xmx64m")
                .wrapper("unshare", "--fork", "--pid", "--mount-proc").start()) {
            JvmConnection c = AttachClient.open(t.pid());
            nspid = c.namespacePid();

            assertThat(nspid).isEqualTo(1).isNotEqualTo(t.pid());
            assertThat(PerfDataFiles.namespacePid(t.pid())).isEqualTo(1);
            assertThat(c.jcmd("VM.version")).contains("JDK " + jdk.major + ".");
            assertThat(c.jcmd("VM.command_line")).contains("java_command: " + Idle.class.getName());
            assertThat(PerfDataFiles.find(t.pid())).hasValue(Path.of("/proc/" + t.pid() + "/root/tmp/hsperfdata_root/1"));
            assertThat(t.output()).doesNotContain("Full thread dump");
            Leftovers.assertNoTriggerFile(t.workDir(), 1);
        }
        Leftovers.assertJvmFilesGone(nspid, "root");
    }
}
