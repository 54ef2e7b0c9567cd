package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.Test;

/**
 * 'watch --profile --capture' on a leak (NMT off) in a memory cgroup (v1, made by the test as root): the watch's
 * growth profile and the capture's want the same JVM at about the same time; they run one after the other (never two
 * copies of async-profiler at once), and both name the culprit: the watch in its finding, the capture for analyze.
 */
class CaptureWithWatchProfileTest {
    private static final long MIB = 1 << 20;

    @Test
    void theWatchsGrowthProfileAndTheCapturesRunOneAfterTheOtherAndBothNameTheCulprit() throws Exception {
        assumeThat(MemoryCgroup.available()).as("needs root and a cgroup v1 memory controller").isTrue();
        boolean lockWasThere = Files.exists(HostLock.CAPTURES);
        Path work = Files.createTempDirectory("offheap-capture-watch-profile");
        Path captures = work.resolve("captures");
        try (MemoryCgroup group = MemoryCgroup.create("watchprofile", 512 * MIB);
             TargetJvm leak = TargetJvm.builder(Jdk.JDK17, UnsafeLeak.class).wrapper(group.wrapper())
                     .jvmArgs("-Xmx64m", "-XX:+UseSerialGC").args("4").start()) {
            long pid = leak.pid();
            // 4 MiB/s: the limit about 2 min away from the first samples on, so the time-to-limit capture and the
            // watch's profile both start within the first seconds
            Cli.Result r = Cli.run("watch", pid, "--interval", "1s", "--duration", "40s", "--json", "--profile",
                    "--profile-duration", "10s", "--capture", captures);
            String err = r.err();
            assertThat(r.exitCode()).as(err).isIn(0, 1);
            assertThat(err).doesNotContain("already running", "not taken");
            assertThat(err.lines().filter(l -> l.contains("waiting for the growth profile of pid " + pid + " under way to end")))
                    .as(err).hasSizeLessThanOrEqualTo(1);

            JsonNode first = r.json().path("findings").get(0);
            assertThat(first.path("id").asText()).as(err).isEqualTo("NATIVE_MALLOC_GROWTH");
            assertThat(first.path("culprit").path("javaMethod").asText()).as(first.toString()).isEqualTo("dev.offheap.zoo.UnsafeLeak.main");

            List<CaptureShelf.Entry> kept = CaptureShelf.list(captures);
            assertThat(kept).as(err).isNotEmpty();
            Path capture = kept.get(0).dir();
            assertThat(capture.resolve("growth-profile.txt")).as(err).isRegularFile();
            Cli.Result a = Cli.run("analyze", capture, "--json");
            assertThat(a.exitCode()).as(a.err()).isIn(0, 1);
            JsonNode firstOfCapture = a.json().path("findings").get(0);
            assertThat(firstOfCapture.path("culprit").path("javaMethod").asText()).as(firstOfCapture.toString())
                    .isEqualTo("dev.offheap.zoo.UnsafeLeak.main");
            assertThat(ProfilerProbe.leftovers(pid)).isEmpty();
            // one copy of async-profiler in the target (two at once: two libraries of ~26 MiB, each with its handlers)
            List<String> copies = Files.readAllLines(Path.of("/proc/" + pid + "/maps")).stream()
                    .filter(l -> l.contains("libasyncProfiler.so")).map(l -> l.substring(l.indexOf('/'))).distinct().toList();
            assertThat(copies).as(err).hasSize(1);
        } finally {
            TargetJvm.deleteTree(work);
            if (!lockWasThere) {
                Files.deleteIfExists(HostLock.CAPTURES);
            }
        }
    }
}
