package dev.offheap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.model.CollectedFile;
import dev.offheap.model.TargetException;
import dev.offheap.testing.TargetJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How captures share one growth profile per JVM: its length, when it is not taken, and how its files reach each
 * capture. The profiler is replaced by a step that hands back files (the real one: CaptureBeforeOomKillTest).
 */
class CaptureProfilesTest {
    private static final long MIB = 1 << 20;
    private static final Subject LEAK = new Subject(4242, "app.Main", "");
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private Path root;

    @BeforeEach
    void folder() throws IOException {
        root = Files.createTempDirectory("offheap-capture-profiles");
    }

    @AfterEach
    void remove() {
        TargetJvm.deleteTree(root);
    }

    private Path capture(String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("MANIFEST.txt"), "# manifest\n");
        return dir;
    }

    private static CaptureMeasure measure(long usedMib, long limitMib, String kind, Double secondsToLimit) {
        return new CaptureMeasure(usedMib * MIB, limitMib * MIB, kind, "the cgroup's working set", secondsToLimit, MIB);
    }

    private static String manifest(Path dir) throws IOException {
        return Files.readString(dir.resolve("MANIFEST.txt"));
    }

    @Test
    void theProfileRunsTwentySecondsOrHalfTheTimeToTheLimitButAtLeastFive() {
        assertThat(CaptureProfiles.duration(null)).isEqualTo(Duration.ofSeconds(20));
        assertThat(CaptureProfiles.duration(600.0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(CaptureProfiles.duration(23.0)).isEqualTo(Duration.ofMillis(11_500));
        assertThat(CaptureProfiles.duration(3.0)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void oneProfilePerJvmIsAddedToTheCapturesSavedWhileItRanAndToThoseAfter() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        List<Duration> asked = Collections.synchronizedList(new ArrayList<>());
        GrowthStep step = (pid, duration, say) -> {
            calls.incrementAndGet();
            asked.add(duration);
            running.countDown();
            try {
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new TargetException("interrupted while profiling");
            }
            return List.of(new CollectedFile("pagefaults-1.jfr", new byte[] {1, 2, 3}, "page-fault samples", "test", 1),
                    new CollectedFile("growth-profile.txt", "# offheap growth profile 1\n".getBytes(StandardCharsets.UTF_8),
                            "the growth profile's window", "test", 1));
        };
        CaptureProfiles profiles = new CaptureProfiles(step, log::add);
        Path first = capture("time_to_limit");
        Path second = capture("limit_75pct");
        profiles.saved(LEAK, first, true, measure(60, 256, CaptureMeasure.CONTAINER, 40.0));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        profiles.saved(LEAK, second, true, measure(192, 256, CaptureMeasure.CONTAINER, 10.0));
        assertThat(first.resolve("growth-profile.txt")).as("not before the profile ends").doesNotExist();
        release.countDown();
        assertThat(profiles.awaitIdle(10_000)).isTrue();
        Path third = capture("limit_90pct");
        profiles.saved(LEAK, third, true, measure(231, 256, CaptureMeasure.CONTAINER, 3.0));

        assertThat(calls.get()).isEqualTo(1);
        assertThat(asked).containsExactly(Duration.ofSeconds(20));
        for (Path dir : List.of(first, second, third)) {
            assertThat(dir.resolve("pagefaults-1.jfr")).as(dir.toString()).hasBinaryContent(new byte[] {1, 2, 3});
            assertThat(manifest(dir)).as(dir.toString()).contains("pagefaults-1.jfr\tpage-fault samples\ttest\t",
                    "growth-profile.txt\tthe growth profile's window\ttest\t");
        }
        assertThat(log).containsExactly(
                "pid 4242 (app.Main): native memory grows: its growth profile (sampled page faults) runs for 20 s beside the captures",
                "pid 4242 (app.Main): growth profile added to 2 captures: [" + first + ", " + second + "] ('offheap analyze'"
                        + " names what grew from it)");
    }

    @Test
    void noGrowthNoProfileAndACaptureRemovedMeanwhileIsPassedOver() throws Exception {
        CaptureProfiles profiles = new CaptureProfiles((pid, d, say) -> {
            throw new AssertionError("no profile without growth");
        }, log::add);
        Path steady = capture("limit_75pct");
        profiles.saved(LEAK, steady, false, measure(192, 256, CaptureMeasure.CONTAINER, null));
        assertThat(manifest(steady)).contains("growth-profile.txt\tnot taken: native memory did not grow in the window before"
                + " the capture");
        assertThat(steady.resolve("growth-profile.txt")).doesNotExist();
        assertThat(log).isEmpty();
    }

    @Test
    void tooNearItsContainerLimitTheProfilerIsNotLoadedAndALaterCaptureTriesAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CaptureProfiles profiles = new CaptureProfiles((pid, d, say) -> {
            calls.incrementAndGet();
            return List.of(new CollectedFile("growth-profile.txt", new byte[] {'x'}, "the growth profile's window", "test", 1));
        }, log::add);
        Path a = capture("limit_90pct");
        Path b = capture("limit_95pct");
        profiles.saved(LEAK, a, true, measure(231, 256, CaptureMeasure.CONTAINER, 5.0));
        profiles.saved(LEAK, b, true, measure(240, 256, CaptureMeasure.CONTAINER, 2.0));
        assertThat(calls.get()).isZero();
        assertThat(manifest(a)).contains("growth-profile.txt\tnot taken: loading async-profiler adds about 26.0 MiB to the JVM,"
                + " and the container's memory limit was 25.0 MiB away");
        assertThat(manifest(b)).contains("the container's memory limit was 16.0 MiB away");
        assertThat(log).as("said once per JVM").containsExactly("pid 4242 (app.Main): growth profile not taken: loading"
                + " async-profiler adds about 26.0 MiB to the JVM, and the container's memory limit was 25.0 MiB away (its"
                + " captures keep the rest)");
        // against a budget nothing is killed: the profile runs however near
        Path c = capture("budget_90pct");
        profiles.saved(new Subject(4343, "app.Other", ""), c, true, measure(460, 500, CaptureMeasure.BUDGET, null));
        assertThat(profiles.awaitIdle(10_000)).isTrue();
        assertThat(calls.get()).isEqualTo(1);
        assertThat(c.resolve("growth-profile.txt")).hasContent("x");
    }

    @Test
    void aProfileTheTargetRefusesIsOneLineAndAManifestLineInEachCapture() throws Exception {
        String refusal = "pid 4242: perf events cannot be opened in the target, so its page faults cannot be sampled: …";
        CaptureProfiles profiles = new CaptureProfiles((pid, d, say) -> {
            say.accept("sampling page faults of pid 4242 for 20 s");
            say.accept("warning: something async-profiler said");
            throw new TargetException(refusal);
        }, log::add);
        Path a = capture("time_to_limit");
        profiles.saved(LEAK, a, true, measure(60, 256, CaptureMeasure.CONTAINER, null));
        assertThat(profiles.awaitIdle(10_000)).isTrue();
        Path b = capture("limit_75pct");
        profiles.saved(LEAK, b, true, measure(192, 256, CaptureMeasure.CONTAINER, null));
        for (Path dir : List.of(a, b)) {
            assertThat(manifest(dir)).contains("growth-profile.txt\tnot taken: " + refusal);
            assertThat(dir.resolve("growth-profile.txt")).doesNotExist();
        }
        assertThat(log).containsExactly(
                "pid 4242 (app.Main): native memory grows: its growth profile (sampled page faults) runs for 20 s beside the captures",
                "pid 4242 (app.Main): growth profile: warning: something async-profiler said",
                "pid 4242 (app.Main): growth profile not taken: " + refusal + " (its captures keep the rest)");
    }

    @Test
    void closingStopsAProfileUnderWay() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CaptureProfiles profiles = new CaptureProfiles((pid, d, say) -> {
            running.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                throw new TargetException("interrupted while profiling");
            }
            return List.of();
        }, log::add);
        Path a = capture("limit_75pct");
        profiles.saved(LEAK, a, true, measure(192, 256, CaptureMeasure.CONTAINER, null));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        profiles.close();
        assertThat(profiles.awaitIdle(10_000)).isTrue();
        assertThat(manifest(a)).contains("growth-profile.txt\tnot taken: interrupted while profiling");
    }
}
