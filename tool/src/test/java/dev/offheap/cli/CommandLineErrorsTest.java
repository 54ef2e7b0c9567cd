package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Bad cases through the command line: one line on stderr, the contract's exit code, nothing left behind. */
class CommandLineErrorsTest {
    @Test
    void aPidThatDoesNotExistIsExitThreeWithOneLine() {
        Cli.Result r = Cli.run("report", 999_999_999L);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err().strip()).isEqualTo("offheap report: pid 999999999: no such process");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aRedactPatternThatIsNotARegexOrGivenWithNoRedactIsAUsageError() {
        Path out = Path.of("offheap-redact-usage-never-made");
        Cli.Result bad = Cli.run("collect", ProcessHandle.current().pid(), "--out", out, "--redact", "(");
        Cli.Result both = Cli.run("watch", ProcessHandle.current().pid(), "--no-redact", "--redact", "internal");

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("offheap collect: --redact: not a regular expression: '(' (Unclosed group)");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err().strip()).isEqualTo("offheap watch: --no-redact and --redact exclude each other");
        assertThat(out).doesNotExist();
    }

    @Test
    void aMallocProfileOptionWithoutMallocAndABadSampleCapAreUsageErrorsBeforeAnythingIsLoaded() {
        long self = ProcessHandle.current().pid();
        Cli.Result interval = Cli.run("profile", self, "--interval", "64k");
        Cli.Result cap = Cli.run("profile", self, "--max-samples", "0");
        assertThat(interval.exitCode()).isEqualTo(2);
        assertThat(interval.err().strip()).isEqualTo("offheap profile: --interval is an option of the malloc profile: add --malloc");
        assertThat(cap.exitCode()).isEqualTo(2);
        assertThat(cap.err().strip()).isEqualTo("offheap profile: --max-samples: expected a number of samples per second of 1 or more, found 0");
        assertThat(interval.out() + cap.out()).isEmpty();
    }

    @Test
    void aProcessThatIsNotAJvmIsExitThreeAndIsNotSignalled() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            Cli.Result r = Cli.run("report", sleep.pid());
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.err().strip()).startsWith("offheap report: pid " + sleep.pid()).contains("not a Java process")
                    .doesNotContain("\n");
            assertThat(sleep.isAlive()).isTrue();
        } finally {
            sleep.destroyForcibly();
            sleep.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aJvmWithAttachDisabledIsExitThreeAndPrintsNoThreadDump() throws Exception {
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-XX:+DisableAttachMechanism").start()) {
            Cli.Result r = Cli.run("report", t.pid());
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.err().strip()).isEqualTo("offheap report: pid " + t.pid() + ": attach is disabled (-XX:+DisableAttachMechanism)");
            Thread.sleep(200);
            assertThat(t.output()).doesNotContain("Full thread dump");
            assertThat(attachTriggers(t.workDir())).isZero();
            assertThat(attachTriggers(Path.of("/tmp"))).isZero();
        }
    }

    @Test
    void aJvmThatExitsDuringTheReportIsExitThree() throws Exception {
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx32m").start()) {
            // stop it, so that attach waits, then kill it while the command waits for its listener
            new ProcessBuilder("kill", "-STOP", Long.toString(t.pid())).start().waitFor();
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                t.kill();
            });
            killer.start();
            Cli.Result r = Cli.run("report", t.pid());
            killer.join();
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.err().strip()).matches("offheap report: pid " + t.pid() + "(:.*| exited during attach)").doesNotContain("\n");
            assertThat(attachTriggers(t.workDir())).isZero();
        }
    }

    @Test
    void aPidThatIsNotANumberIsAUsageError() {
        Cli.Result r = Cli.run("report", "abc");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("offheap report: 'abc' is not a process id");
    }

    @Test
    void anUnknownCommandSuggestsTheClosestOne() {
        Cli.Result r = Cli.run("reprot");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Did you mean", "report");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"ps", "report", "collect", "demo", "heap"}) {
            Cli.Result r = Cli.run(command, "--help");
            assertThat(r.exitCode()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: offheap " + command);
        }
    }

    private static long attachTriggers(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".attach_pid")).count();
        }
    }
}
