package dev.offheap.saved;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.offheap.model.InputException;
import dev.offheap.testing.TargetJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The captures folder kept within its bounds, and capture.txt written and read back. */
class CaptureShelfTest {
    private Path root;

    @BeforeEach
    void folder() throws IOException {
        root = Files.createTempDirectory("offheap-shelf");
    }

    @AfterEach
    void remove() {
        TargetJvm.deleteTree(root);
    }

    private static CaptureFolder.Info info(long pid, String reason, long startedAt) {
        return new CaptureFolder.Info(pid, "dev.offheap.zoo.UnsafeLeak", reason, "the cgroup's working set reached 75% of the"
                + " container's memory limit: 150 MiB of 200 MiB (75%)", 150L << 20, 200L << 20, "container", 40.0,
                startedAt, startedAt + 800, "offheap export 0.1.0 (pid 1)", List.of());
    }

    /** A capture of {@code kib} KiB started {@code secondsAfter} a fixed moment. */
    private Path capture(long pid, String reason, int secondsAfter, int kib, boolean killed) throws IOException {
        long at = 1_765_000_000_000L + secondsAfter * 1000L;
        Path dir = Files.createDirectory(root.resolve(CaptureFolder.name(at, pid, reason)));
        Files.write(dir.resolve("smaps.txt"), new byte[kib << 10]);
        Files.writeString(dir.resolve("snapshot.txt"), "pid 1\n");
        CaptureFolder.Info i = info(pid, reason, at);
        CaptureFolder.write(dir, killed ? i.withOutcome(CaptureFolder.KILLED + " at 2025-12-06T05:46:40Z, 2 min after this capture") : i);
        return dir;
    }

    private List<String> names() {
        return CaptureShelf.list(root).stream().map(CaptureShelf.Entry::name).toList();
    }

    @Test
    void captureTxtReadsBackAsWritten() throws IOException {
        Path dir = capture(4242, "limit_90pct", 0, 1, true);
        CaptureFolder.Info read = CaptureFolder.read(dir);
        assertThat(read.pid()).isEqualTo(4242);
        assertThat(read.reason()).isEqualTo("limit_90pct");
        assertThat(read.limitBytes()).isEqualTo(200L << 20);
        assertThat(read.secondsToLimit()).isEqualTo(40.0);
        assertThat(read.finishedAtMillis() - read.startedAtMillis()).isEqualTo(800);
        assertThat(read.killed()).isTrue();
        assertThat(dir.getFileName().toString()).isEqualTo("20251206T054640Z-pid4242-limit_90pct");
        assertThat(CaptureFolder.isCapture(dir)).isTrue();
        Files.delete(dir.resolve(CaptureFolder.INFO));
        assertThat(CaptureFolder.isCapture(dir)).as("a collect folder without capture.txt").isFalse();
    }

    @Test
    void captureTxtWithoutItsHeaderOrReasonIsOneLineError() {
        assertThatThrownBy(() -> CaptureFolder.parse("pid: 1\n", "c/capture.txt")).isInstanceOf(InputException.class)
                .hasMessageStartingWith("c/capture.txt:1: expected '# offheap capture:");
        String noReason = CaptureFolder.format(info(1, "limit_75pct", 0)).replace("reason: limit_75pct\n", "");
        assertThatThrownBy(() -> CaptureFolder.parse(noReason, "c/capture.txt")).hasMessage("c/capture.txt: no 'reason:' line");
        String badTime = CaptureFolder.format(info(1, "limit_75pct", 0)).replace("started: 1970-01-01T00:00:00Z", "started: soon");
        assertThatThrownBy(() -> CaptureFolder.parse(badTime, "c/capture.txt"))
                .hasMessageContaining("'started:' expected a UTC time").hasMessageContaining("found: \"soon\"");
    }

    @Test
    void theFolderKeepsTheNewestCapturesUpToItsCount() throws IOException {
        capture(1, "limit_75pct", 0, 1, false);
        capture(2, "limit_75pct", 10, 1, false);
        capture(1, "limit_90pct", 20, 1, false);
        capture(2, "limit_90pct", 30, 1, false);
        List<CaptureShelf.Entry> removed = CaptureShelf.prune(root, 2, Long.MAX_VALUE);
        assertThat(removed).extracting(CaptureShelf.Entry::name).containsExactly("20251206T054640Z-pid1-limit_75pct",
                "20251206T054650Z-pid2-limit_75pct");
        assertThat(names()).containsExactly("20251206T054700Z-pid1-limit_90pct", "20251206T054710Z-pid2-limit_90pct");
    }

    @Test
    void theFolderKeepsWithinItsSizeAndTheNewestStaysWhateverItsSize() throws IOException {
        capture(1, "limit_75pct", 0, 100, false);
        capture(1, "limit_90pct", 10, 100, false);
        capture(2, "limit_75pct", 20, 300, false);
        CaptureShelf.prune(root, 10, 250 << 10);
        assertThat(names()).as("the newest alone is over the size: it stays, the others go").containsExactly("20251206T054700Z-pid2-limit_75pct");
        assertThat(CaptureShelf.list(root).get(0).bytes()).isGreaterThan(300 << 10);
    }

    @Test
    void capturesAKillFollowedGoLast() throws IOException {
        capture(1, "limit_90pct", 0, 1, true);
        capture(2, "limit_75pct", 10, 1, false);
        capture(3, "limit_75pct", 20, 1, false);
        capture(4, "limit_75pct", 30, 1, false);
        CaptureShelf.prune(root, 2, Long.MAX_VALUE);
        assertThat(names()).containsExactly("20251206T054640Z-pid1-limit_90pct", "20251206T054710Z-pid4-limit_75pct");
        CaptureShelf.prune(root, 1, Long.MAX_VALUE);
        assertThat(names()).as("the bound holds: the kill's evidence goes when nothing else is left").containsExactly(
                "20251206T054710Z-pid4-limit_75pct");
    }

    @Test
    void aCaptureBeingWrittenIsNeitherCountedNorRemovedButOneLeftByADeadProcessIs() throws IOException {
        capture(1, "limit_75pct", 0, 1, false);
        Path mine = Files.createDirectories(CaptureShelf.partial(root, "20251206T054650Z-pid1-limit_90pct"));
        Process gone = new ProcessBuilder("true").start();
        long deadPid = gone.pid();
        gone.onExit().join();
        Path orphan = Files.createDirectories(root.resolve(".partial-" + deadPid + "-20251206T054650Z-pid1-limit_90pct"));
        Files.writeString(orphan.resolve("smaps.txt"), "half");
        assertThat(names()).containsExactly("20251206T054640Z-pid1-limit_75pct");
        CaptureShelf.prune(root, 1, Long.MAX_VALUE);
        assertThat(mine).exists();
        assertThat(orphan).doesNotExist();
        assertThat(names()).hasSize(1);
    }
}
