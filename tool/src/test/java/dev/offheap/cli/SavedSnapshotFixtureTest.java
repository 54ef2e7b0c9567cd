package dev.offheap.cli;

import dev.offheap.analyze.Analyzer;
import dev.offheap.assemble.SnapshotAssembler;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Report;
import dev.offheap.model.Severity;
import dev.offheap.saved.SnapshotFolder;
import dev.offheap.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** A snapshot folder saved by 'offheap collect' from a real JDK 17 JVM (see fixtures/snapshot/SOURCES.md). */
class SavedSnapshotFixtureTest {
    private static final Path FOLDER = Path.of("src/test/resources/fixtures/snapshot/jdk17-direct-buffers-nmt-summary");
    private static final long MIB = 1 << 20;

    @Test
    void explainsTheSavedJvmsRssWithItsDirectBuffersAndNoWarningButTheMissingLimit() {
        Report r = Analyzer.analyze(SnapshotAssembler.assemble(SnapshotFolder.read(FOLDER)));
        long rss = r.explained().rssBytes();
        assertThat(Math.abs(r.explained().totalResidentBytes() - rss)).isLessThanOrEqualTo(Math.max(rss / 100, MIB));
        assertThat(r.explained().resident(MemoryCategory.DIRECT_BUFFERS)).isBetween(62 * MIB, 65 * MIB);
        assertThat(r.explained().resident(MemoryCategory.JAVA_HEAP)).isPositive();
        assertThat(r.explained().resident(MemoryCategory.LIBRARIES)).isGreaterThan(10 * MIB);
        assertThat(r.explained().basis()).isEqualTo("NMT summary and smaps + buffer pools (agent (BufferPoolMXBean))");
        assertThat(r.snapshot().version().major()).isEqualTo(17);
        assertThat(r.findings()).extracting(f -> f.id()).contains("DIRECT_MEMORY_UNLIMITED", "LAZY_COMMIT")
                .doesNotContain("NMT_OFF", "RSS_OVER_BUDGET");
        assertThat(r.findings()).filteredOn(f -> f.severity() == Severity.CRITICAL).isEmpty();
    }

    @Test
    void analyzeOnTheFolderPrintsTheSameReportAsTheApi() {
        Cli.Result cli = Cli.run("analyze", FOLDER);
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("pid 4829 (dev.offheap.zoo.DirectBufferLeak), OpenJDK 64-Bit Server VM 17.0.15")
                .contains("direct-buffers", "total (VmRSS)", "DIRECT_MEMORY_UNLIMITED");
    }

    /**
     * Every state a collect killed mid-way can leave (it makes the folder, writes the sources in map order, the
     * extras, then MANIFEST.txt through a temporary file) is called incomplete; a folder of other files is not taken
     * for a collect folder.
     */
    @Test
    void aFolderLeftByAnInterruptedCollectIsCalledIncompleteWhateverItHolds(@TempDir Path dir) throws IOException {
        List<String> sources;
        try (Stream<Path> s = Files.list(FOLDER)) {
            sources = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("MANIFEST.txt")).sorted().toList();
        }
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertIncomplete(empty);
        Path partial = Files.createDirectory(dir.resolve("partial"));
        for (String name : sources) {
            Files.copy(FOLDER.resolve(name), partial.resolve(name));
            assertIncomplete(partial);
        }
        Files.writeString(partial.resolve("classloader_stats.txt"), "extra written before the manifest");
        assertIncomplete(partial);
        Files.copy(FOLDER.resolve("MANIFEST.txt"), partial.resolve(".MANIFEST.txt.tmp"));
        assertIncomplete(partial);

        Path other = Files.createDirectory(dir.resolve("other"));
        Files.writeString(other.resolve("notes.md"), "not offheap's");
        Cli.Result r = Cli.run("analyze", other);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("offheap analyze: " + other
                + ": not a folder written by 'offheap collect' (no snapshot.txt and smaps.txt)");
    }

    private static void assertIncomplete(Path dir) throws IOException {
        Cli.Result r = Cli.run("analyze", dir);
        String held;
        try (Stream<Path> s = Files.list(dir)) {
            held = s.map(p -> p.getFileName().toString()).sorted().toList().toString();
        }
        assertThat(r.exitCode()).as(held + ": " + r.err()).isEqualTo(2);
        assertThat(r.err().strip()).as(held).isEqualTo("offheap analyze: " + dir + ": incomplete: no MANIFEST.txt, which"
                + " 'offheap collect' writes last (it was interrupted, or the disk was full); collect again");
    }
}
