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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on 'watch --capture' while a capture's growth profile samples the target (a leak, NMT off, in a memory
 * cgroup made by the test as root): the watch prints its report and ends without waiting for the profile, the
 * profiler in the target is stopped, its private folder is gone, and the capture saved before the profile is kept,
 * its MANIFEST saying why it has no profile.
 */
class CaptureInterruptTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path scratch;

    @Test
    void ctrlCDuringACapturesGrowthProfileStopsTheProfilerAndKeepsTheCapture() throws Exception {
        assumeThat(MemoryCgroup.available()).as("needs root and a cgroup v1 memory controller").isTrue();
        boolean lockWasThere = Files.exists(HostLock.CAPTURES);
        Path captures = scratch.resolve("captures");
        try (MemoryCgroup group = MemoryCgroup.create("captureint", 512 * MIB);
             TargetJvm leak = TargetJvm.builder(Jdk.JDK17, UnsafeLeak.class).wrapper(group.wrapper())
                     .jvmArgs("-Xmx64m", "-XX:+UseSerialGC").args("4").start()) {
            long pid = leak.pid();
            // 4 MiB/s: the limit about 2 min away from the first samples on, so a time-to-limit capture and its growth
            // profile (up to 20 s) start within the first seconds
            List<String> cmd = Cli.command();
            cmd.addAll(List.of("watch", String.valueOf(pid), "--interval", "1s", "--duration", "120s", "--capture", captures.toString()));
            Process cli = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
                // the line says the profile starts; the attach that loads async-profiler follows it: wait until the
                // profile's private folder is in the target, so that the profiler runs when Ctrl-C comes
                for (String line; (line = r.readLine()) != null; ) {
                    seen.add(line);
                    if (line.contains("its growth profile (sampled page faults) runs for")) {
                        break;
                    }
                }
                assertThat(seen).as("the watch's output").anyMatch(l -> l.contains("its growth profile (sampled page faults) runs for"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (ProfilerProbe.leftovers(pid).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(ProfilerProbe.leftovers(pid)).as("the capture's profile folder in the target; output %s", seen).hasSize(1);
                new ProcessBuilder("kill", "-INT", String.valueOf(cli.pid())).start().waitFor();
                Thread drain = new Thread(() -> r.lines().forEach(seen::add));
                drain.start();
                assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("offheap watch exits after Ctrl-C; output %s", seen).isTrue();
                drain.join(10_000);
            } finally {
                if (cli.isAlive()) {
                    // a failed run: SIGKILL gives offheap no time to clean up, so the test removes what it left
                    cli.destroyForcibly().waitFor();
                    for (Path dir : ProfilerProbe.leftovers(pid)) {
                        TargetJvm.deleteTree(dir);
                    }
                }
            }
            // the report is out before the JVM exits (the shutdown hook waits 15 s for it; the profile had 20 s to go)
            assertThat(seen).as("the watch's report after Ctrl-C").anyMatch(l -> l.startsWith("  - --capture: saved "))
                    .anyMatch(l -> l.contains("growth profile not taken: interrupted while profiling"));
            assertThat(ProfilerProbe.status(pid, scratch)).as("output %s", seen).isEqualTo("Profiler is not active");
            assertThat(ProfilerProbe.leftovers(pid)).as("private folders left in the target's /tmp").isEmpty();
            List<CaptureShelf.Entry> kept = CaptureShelf.list(captures);
            assertThat(kept).as("captures kept; output %s", seen).isNotEmpty();
            assertThat(Files.readString(kept.get(0).dir().resolve("MANIFEST.txt"))).contains("not taken: interrupted while profiling");
        } finally {
            if (!lockWasThere) {
                Files.deleteIfExists(HostLock.CAPTURES);
            }
        }
    }
}
