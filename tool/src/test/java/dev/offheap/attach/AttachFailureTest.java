package dev.offheap.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.offheap.model.TargetException;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Targets that cannot be attached: each gives one clear line, the right exception with its reason (what offheap
 * export shows as offheap_target_down_reason), and leaves no trigger file.
 */
class AttachFailureTest {
    @Test
    void aPidThatDoesNotExist() {
        assertThatThrownBy(() -> AttachClient.open(999_999_999L))
                .isExactlyInstanceOf(TargetException.class)
                .hasMessage("pid 999999999: no such process")
                    .extracting(e -> ((TargetException) e).reason()).isEqualTo(TargetException.Reason.EXITED);
    }

    @Test
    void aProcessThatIsNotAJvmIsNeitherSignalledNorTouched(@TempDir Path dir) throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").directory(dir.toFile()).start();
        try {
            assertThatThrownBy(() -> AttachClient.open(sleep.pid()))
                    .isExactlyInstanceOf(TargetException.class)
                    .hasMessage("pid " + sleep.pid() + " is not a Java process (no libjvm.so mapped)")
                    .extracting(e -> ((TargetException) e).reason()).isEqualTo(TargetException.Reason.NOT_HOTSPOT);
            assertThat(sleep.isAlive()).as("SIGQUIT would have killed sleep").isTrue();
            Leftovers.assertNoTriggerFile(dir, sleep.pid());
        } finally {
            sleep.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void aJvmWithAttachDisabledIsRefusedBeforeItIsSignalled(Jdk jdk) {
        assumeTrue(jdk.installed(), jdk + " is not installed");
        try (TargetJvm t = TargetJvm.builder(jdk, Idle.class).jvmArgs("-Xmx64m", "-XX:+DisableAttachMechanism").start()) {
            assertThatThrownBy(() -> AttachClient.open(t.pid()))
                    .isExactlyInstanceOf(TargetException.class)
                    .hasMessage("pid " + t.pid() + ": attach is disabled (-XX:+DisableAttachMechanism)")
                    .extracting(e -> ((TargetException) e).reason()).isEqualTo(TargetException.Reason.ATTACH_DISABLED);
            sleep(300); // a thread dump caused by a stray SIGQUIT would be printed by now
            assertThat(t.output()).doesNotContain("Full thread dump");
            Leftovers.assertNoTriggerFile(t.workDir(), t.pid());
        }
    }

    @Test
    void attachDisabledIsFoundOnTheCommandLineWhenThereIsNoHsperfdata() throws Exception {
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, Idle.class)
                .jvmArgs("-Xmx64m", "-XX:-UsePerfData", "-XX:+DisableAttachMechanism").start()) {
            assertThatThrownBy(() -> AttachClient.open(t.pid()))
                    .hasMessage("pid " + t.pid() + ": attach is disabled (-XX:+DisableAttachMechanism)");
            Thread.sleep(300); // a thread dump caused by a stray SIGQUIT would be printed by now
            assertThat(t.output()).doesNotContain("Full thread dump");
        }
    }

    @Test
    void anUnknownCommandFailsWithTheJvmsMessage() {
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx64m").start()) {
            JvmConnection c = AttachClient.open(t.pid());

            assertThatThrownBy(() -> c.jcmd("Foo.bar"))
                    .isExactlyInstanceOf(JcmdException.class)
                    .hasMessage("pid " + t.pid() + ": jcmd 'Foo.bar' failed: Unknown diagnostic command")
                    .extracting(e -> ((JcmdException) e).jvmMessage()).isEqualTo("Unknown diagnostic command");
            assertThat(c.jcmd("VM.version")).as("the listener still serves").contains("JDK 17.");
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void loadingAMissingAgentLibraryFailsWithTheJvmsMessage(Jdk jdk) {
        assumeTrue(jdk.installed(), jdk + " is not installed");
        try (TargetJvm t = TargetJvm.builder(jdk, Idle.class).jvmArgs("-Xmx64m").start()) {
            JvmConnection c = AttachClient.open(t.pid());

            assertThatThrownBy(() -> c.load("/nonexistent/libagent.so", true, "start"))
                    .isExactlyInstanceOf(JcmdException.class)
                    .hasMessage("pid " + t.pid() + ": load '/nonexistent/libagent.so' failed: /nonexistent/libagent.so"
                            + " was not loaded.; /nonexistent/libagent.so: cannot open shared object file: No such file or directory");
        }
    }

    @Test
    void aJvmThatDiesWhileStartingItsListener() throws Exception {
        long pid;
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx64m").start()) {
            pid = t.pid();
            signal("STOP", t.pid()); // a stopped JVM cannot react to SIGQUIT; it is killed while we wait
            CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
                sleep(500);
                t.kill();
            });

            assertThatThrownBy(() -> AttachClient.open(t.pid()))
                    .isExactlyInstanceOf(TargetException.class)
                    .hasMessage("pid " + t.pid() + " exited during attach")
                    .extracting(e -> ((TargetException) e).reason()).isEqualTo(TargetException.Reason.EXITED);
            killer.join();
            Leftovers.assertNoTriggerFile(t.workDir(), t.pid());
        }
        Leftovers.assertJvmFilesGone(pid, "root");
    }

    @Test
    void aJvmThatDiesWhileACommandRuns() throws Exception {
        long pid;
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx64m").start()) {
            pid = t.pid();
            JvmConnection c = AttachClient.open(t.pid());
            signal("STOP", t.pid()); // the command is queued but never answered; the JVM is killed meanwhile
            CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
                sleep(500);
                t.kill();
            });

            assertThatThrownBy(() -> c.jcmd("VM.version"))
                    .isExactlyInstanceOf(TargetException.class)
                    .hasMessage("pid " + t.pid() + " exited during attach")
                    .extracting(e -> ((TargetException) e).reason()).isEqualTo(TargetException.Reason.EXITED);
            killer.join();
        }
        Leftovers.assertJvmFilesGone(pid, "root");
    }

    @Test
    void aJvmThatDoesNotStartItsListenerInTime() throws Exception {
        long pid;
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx64m").start()) {
            pid = t.pid();
            signal("STOP", t.pid()); // stays stopped until close() kills it, so the pending SIGQUIT never runs

            assertThatThrownBy(() -> AttachClient.open(t.pid(), AttachOptions.defaults().withListenerTimeout(Duration.ofSeconds(1))))
                    .isExactlyInstanceOf(TargetException.class)
                    .hasMessage("pid " + t.pid() + ": the JVM did not start its attach listener within 1s")
                    .extracting(e -> ((TargetException) e).reason()).isEqualTo(TargetException.Reason.TIMED_OUT);
            Leftovers.assertNoTriggerFile(t.workDir(), t.pid());
        }
        Leftovers.assertJvmFilesGone(pid, "root");
    }

    @Test
    void aCommandThatGetsNoAnswerInTime() throws Exception {
        long pid;
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx64m").start()) {
            pid = t.pid();
            JvmConnection c = AttachClient.open(t.pid(), AttachOptions.defaults().withCommandTimeout(Duration.ofMillis(700)));
            signal("STOP", t.pid());

            assertThatThrownBy(() -> c.jcmd("VM.version"))
                    .isExactlyInstanceOf(TargetException.class)
                    .hasMessage("pid " + t.pid() + ": jcmd 'VM.version' timed out after 700ms")
                    .extracting(e -> ((TargetException) e).reason()).isEqualTo(TargetException.Reason.TIMED_OUT);
        }
        Leftovers.assertJvmFilesGone(pid, "root");
    }

    @Test
    void aSocketOthersCouldWriteToIsRefused() throws IOException {
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx64m").start()) {
            AttachClient.open(t.pid());
            Path socket = Path.of("/proc/" + t.pid() + "/root/tmp/.java_pid" + t.pid());
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));

            assertThatThrownBy(() -> AttachClient.open(t.pid()))
                    .isExactlyInstanceOf(TargetException.class)
                    .hasMessage("pid " + t.pid() + ": refusing attach socket " + socket + ": mode 0666, expected 0600")
                    .extracting(e -> ((TargetException) e).reason()).isEqualTo(TargetException.Reason.PERMISSION);
        }
    }

    static void signal(String name, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
        assertThat(kill.waitFor()).isZero();
        if (name.equals("STOP")) {
            // the signal is delivered asynchronously: wait until every thread of the process is stopped
            Path stat = Path.of("/proc/" + pid + "/stat");
            for (int i = 0; i < 200 && !Files.readString(stat).matches("\\d+ \\(.*\\) T .*\\s*"); i++) {
                Thread.sleep(10);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
