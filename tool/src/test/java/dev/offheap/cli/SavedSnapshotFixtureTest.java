package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.analyze.Analyzer;
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
    void analyzeOnTheFolderPrintsTheSameReportAsTheApi() {
        Cli.Result cli = Cli.run("analyze", FOLDER);
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("pid 4829 (dev.offheap.zoo.DirectBufferLeak), OpenJDK 64-Bit Server VM 17.0.15")
                .contains("direct-buffers", "total (VmRSS)", "DIRECT_MEMORY_UNLIMITED");
    }
}
