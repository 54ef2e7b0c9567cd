package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.offheap.files.HostLock;
import dev.offheap.profile.ProfilerProbe;
import dev.offheap.saved.CaptureShelf;
import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.MemoryCgroup;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.UnsafeLeak;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM whose native memory grows but which cannot open perf events (a container's seccomp profile, simulated with
 * bench/no-perf-events.c, compiled here) in a memory cgroup (v1, made by the test as root): its capture is taken
 * whole, and the growth profile it could not have is one log line with the reason and the remedy and one MANIFEST line.
 */
class CaptureGrowthProfileRefusedTest {
    private static final long MIB = 1 << 20;

    @Test
    void perfEventsRefusedCostTheGrowthProfileInOneLineAndTheCaptureKeepsTheRest() throws Exception {
        assumeThat(MemoryCgroup.available()).as("needs root and a cgroup v1 memory controller").isTrue();
        boolean lockWasThere = Files.exists(HostLock.CAPTURES);
        Path work = Files.createTempDirectory("offheap-capture-refused");
        Path captures = work.resolve("captures");
        try (MemoryCgroup group = MemoryCgroup.create("refused", 256 * MIB);
             TargetJvm leak = TargetJvm.builder(Jdk.JDK17, UnsafeLeak.class).wrapper(group.wrapper())
                     .wrapper(compileWrapper(work).toString()).jvmArgs("-Xmx64m", "-XX:+UseSerialGC").args("4").start()) {
            long pid = leak.pid();
            assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/status"))).contains("Seccomp:\t2");
            // 4 MiB/s from ~50 MiB: 40% of 256 MiB after ~13 s, well before the watch ends and the limit
            Cli.Result r = Cli.run("watch", pid, "--interval", "1s", "--duration", "30s", "--capture", captures,
                    "--capture-at", "40");
            String err = r.err();
            assertThat(r.exitCode()).as(err).isIn(0, 1);

            // the limit ~50 s away at 4 MiB/s, then 40% of it: two captures, the profile tried once, at the first
            List<CaptureShelf.Entry> kept = CaptureShelf.list(captures);
            assertThat(kept).extracting(e -> e.name().replaceAll("^.*-pid\\d+-", "")).as(err)
                    .containsExactly("time_to_limit", "limit_40pct");
            String refusal = "pid " + pid + ": perf events cannot be opened in the target, so its page faults cannot be"
                    + " sampled: a seccomp filter in the target (Seccomp: 2 in /proc/PID/status) blocks perf_event_open";
            List<String> said = err.lines().filter(l -> l.contains("growth profile")).toList();
            assertThat(said).as(err).hasSize(2);
            assertThat(said.get(0)).endsWith("native memory grows: its growth profile (sampled page faults) runs for 20 s"
                    + " beside the captures");
            assertThat(said.get(1)).startsWith("offheap watch: pid " + pid + " (dev.offheap.zoo.UnsafeLeak): growth profile"
                    + " not taken: " + refusal).contains("the malloc profile needs no perf events: offheap profile " + pid
                    + " --malloc").endsWith(" (its captures keep the rest)");

            // the rest of each capture is there; its MANIFEST says why the profile is not
            for (CaptureShelf.Entry e : kept) {
                Path capture = e.dir();
                assertThat(capture.resolve("growth-profile.txt")).as(e.name()).doesNotExist();
                assertThat(capture.resolve("smaps.txt")).as(e.name()).isRegularFile();
                assertThat(capture.resolve("window.jsonl")).as(e.name()).isRegularFile();
                assertThat(capture.resolve("capture.txt")).as(e.name()).isRegularFile();
                assertThat(Files.readString(capture.resolve("MANIFEST.txt"))).as(e.name())
                        .contains("growth-profile.txt\tnot taken: " + refusal);
            }
            assertThat(ProfilerProbe.leftovers(pid)).isEmpty();
            Path capture = kept.get(1).dir();

            // analyze: the growth of the window first, without a culprit it cannot have
            Cli.Result a = Cli.run("analyze", capture, "--json");
            assertThat(a.exitCode()).as(a.err()).isIn(0, 1);
            assertThat(a.json().path("findings").get(0).path("id").asText()).isEqualTo("NATIVE_MALLOC_GROWTH");
            assertThat(a.json().path("findings").get(0).has("culprit")).isFalse();
        } finally {
            TargetJvm.deleteTree(work);
            if (!lockWasThere) {
                Files.deleteIfExists(HostLock.CAPTURES);
            }
        }
    }

    /** bench/no-perf-events.c built into {@code dir} (scripts/install-deps installs gcc). */
    private static Path compileWrapper(Path dir) throws Exception {
        Path source = Path.of("../bench/no-perf-events.c").toAbsolutePath().normalize();
        assertThat(source).exists();
        Path binary = dir.resolve("no-perf-events");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), source.toString()).redirectErrorStream(true).start();
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).as("gcc finishes").isTrue();
        assertThat(gcc.exitValue()).as("gcc: %s", new String(gcc.getInputStream().readAllBytes())).isZero();
        return binary;
    }
}
