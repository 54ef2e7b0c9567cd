package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.analyze.Analyzer;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.SnapshotSources;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Report;
import dev.offheap.model.Severity;
import dev.offheap.parse.SnapshotAssembler;
import dev.offheap.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
    void metaspaceIsFoundByItsReservationEvenIfItCommittedAChunkBetweenNmtAndSmaps() {
        SnapshotSources saved = SnapshotFolder.read(FOLDER);
        CategoryUsage asSaved = metaspace(saved);
        assertThat(asSaved.approximate()).isFalse();
        assertThat(asSaved.residentBytes()).isBetween(MIB / 2, 2 * MIB);
        String nmt = saved.text(SnapshotSources.NMT).orElseThrow();
        String mmap = "(mmap: reserved=65536KB, committed=1088KB)";
        assertThat(nmt).contains(mmap);
        // smaps read after two 64 KiB granules were committed (NMT says less than is mapped): the same reservation
        CategoryUsage raced = metaspace(saved.with(SnapshotSources.NMT, nmt.replace(mmap, "(mmap: reserved=65536KB, committed=960KB)")));
        assertThat(raced.approximate()).isFalse();
        assertThat(raced.residentBytes()).isEqualTo(asSaved.residentBytes());
        // far from what is mapped there: not that reservation, so metaspace is estimated, as before the locator
        CategoryUsage other = metaspace(saved.with(SnapshotSources.NMT, nmt.replace(mmap, "(mmap: reserved=65536KB, committed=9088KB)")));
        assertThat(other.approximate()).isTrue();
    }

    private static CategoryUsage metaspace(SnapshotSources sources) {
        return Analyzer.analyze(SnapshotAssembler.assemble(sources)).explained().category(MemoryCategory.METASPACE).orElseThrow();
    }

    @Test
    void analyzeOnTheFolderPrintsTheSameReportAsTheApi() {
        Cli.Result cli = Cli.run("analyze", FOLDER);
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("pid 4829 (dev.offheap.zoo.DirectBufferLeak), OpenJDK 64-Bit Server VM 17.0.15")
                .contains("direct-buffers", "total (VmRSS)", "DIRECT_MEMORY_UNLIMITED");
    }
}
