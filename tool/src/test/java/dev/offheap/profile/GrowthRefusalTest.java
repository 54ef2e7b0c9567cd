package dev.offheap.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A target that cannot open perf events, as in a container whose seccomp profile blocks perf_event_open (simulated
 * with bench/no-perf-events.c, compiled here): the growth profile says so in one line, with the reason and the
 * remedy and the offer of the malloc profile, leaves nothing behind, and the malloc profile it offers works there.
 */
class GrowthRefusalTest {
    @TempDir
    Path scratch;

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void perfEventsBlockedBySeccompAreOneLineWithTheRemedyAndTheMallocProfileStillWorks(Jdk jdk) throws Exception {
        assumeTrue(jdk.installed(), jdk + " not installed");
        Path wrapper = compileWrapper();
        try (TargetJvm target = TargetJvm.builder(jdk, Idle.class).wrapper(wrapper.toString()).jvmArgs("-Xmx64m").start()) {
            long pid = target.pid();
            assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/status"))).contains("Seccomp:\t2");
            Cli.Result r = Cli.run("profile", pid, "--duration", "5s");
            assertThat(r.exitCode()).as("stderr: %s", r.err()).isEqualTo(3);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("offheap profile: pid " + pid + ": perf events cannot be opened in the target, so its"
                    + " page faults cannot be sampled: a seccomp filter in the target (Seccomp: 2 in /proc/PID/status) blocks"
                    + " perf_event_open, as container runtimes' default profiles do: run the container with --cap-add PERFMON"
                    + " (CAP_SYS_ADMIN on runtimes whose profile predates CAP_PERFMON) or with a seccomp profile that allows"
                    + " perf_event_open; the malloc profile needs no perf events: offheap profile " + pid + " --malloc"
                    + System.lineSeparator());
            assertThat(ProfilerProbe.leftovers(pid)).isEmpty();
            assertThat(GrowthProfileLiveTest.perfEvents(pid)).isZero();
            assertThat(ProfilerProbe.status(pid, scratch)).isEqualTo("Profiler is not active");

            Cli.Result malloc = Cli.run("profile", pid, "--malloc", "--duration", "2s", "--json");
            assertThat(malloc.exitCode()).as("stderr: %s", malloc.err()).isZero();
            assertThat(malloc.json().path("profile").path("mode").asText()).isEqualTo("malloc");
            assertThat(ProfilerProbe.leftovers(pid)).isEmpty();
        }
    }

    /** bench/no-perf-events.c built into the test's folder (scripts/install-deps installs gcc). */
    private Path compileWrapper() throws Exception {
        Path source = Path.of("../bench/no-perf-events.c").toAbsolutePath().normalize();
        assertThat(source).exists();
        Path binary = scratch.resolve("no-perf-events");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), source.toString()).redirectErrorStream(true).start();
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).as("gcc finishes").isTrue();
        assertThat(gcc.exitValue()).as("gcc: %s", new String(gcc.getInputStream().readAllBytes())).isZero();
        return binary;
    }
}
