package dev.offheap.parse.nmt;

import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtFormat;
import dev.offheap.model.NmtMallocSite;
import dev.offheap.model.NmtReport;
import dev.offheap.model.NmtReportKind;
import dev.offheap.model.NmtReservedRegion;
import dev.offheap.model.NmtStatus;
import dev.offheap.model.NmtTag;
import dev.offheap.model.Parsed;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import static dev.offheap.parse.nmt.NmtFixtures.parse;
import static dev.offheap.parse.nmt.NmtFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

/** NMT outputs captured from the installed JDK 17 and 25 (see fixtures/nmt/SOURCES.md). */
class NmtParserCurrentJdkTest {
    private static final long K = 1024;

    @Test
    void parsesJdk17SummaryTotalsAndCategories() {
        Parsed<NmtReport> p = parse("jdk17-summary.txt");
        NmtReport r = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(r.status()).isEqualTo(NmtStatus.REPORTED);
        assertThat(r.kind()).isEqualTo(NmtReportKind.SUMMARY);
        assertThat(r.pid()).hasValue(3461);
        assertThat(r.scale()).isEqualTo("KB");
        assertThat(r.totals().reserved().bytes()).isEqualTo(1516009 * K);
        assertThat(r.totals().committed().bytes()).isEqualTo(152033 * K);
        assertThat(r.totals().mallocBytes().bytes()).isEqualTo(20649 * K);
        assertThat(r.totals().mallocCount().count()).isEqualTo(65619);
        assertThat(r.totals().mmapReserved().bytes()).isEqualTo(1495360 * K);
        assertThat(r.totals().mmapCommitted().bytes()).isEqualTo(131384 * K);
        assertThat(r.categories()).hasSize(19);
        NmtCategory heap = r.category(NmtTag.JAVA_HEAP).orElseThrow();
        assertThat(heap.reservedBytes()).isEqualTo(67108864L);
        assertThat(heap.committedBytes()).isEqualTo(67108864L);
        assertThat(heap.mmap().committed().bytes()).isEqualTo(65536 * K);
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void readsJdk17ClassThreadAndMetaspaceExtras() {
        NmtReport r = report("jdk17-summary.txt");
        NmtCategory cls = r.category(NmtTag.CLASS).orElseThrow();
        assertThat(cls.classes().classes().count()).isEqualTo(2744);
        assertThat(cls.classes().instanceClasses().count()).isEqualTo(2466);
        assertThat(cls.classes().arrayClasses().count()).isEqualTo(278);
        assertThat(cls.metadata().used().bytes()).isEqualTo(8644 * K);
        assertThat(cls.metadata().waste().bytes()).isEqualTo(124 * K);
        assertThat(cls.classSpace().reserved().bytes()).isEqualTo(1048576 * K);
        assertThat(cls.classSpace().committed().bytes()).isEqualTo(1344 * K);
        NmtCategory thread = r.category(NmtTag.THREAD).orElseThrow();
        assertThat(thread.threads().threads().count()).isEqualTo(21);
        assertThat(thread.threads().stackReserved().bytes()).isEqualTo(16384 * K);
        assertThat(thread.threads().stackCommitted().bytes()).isEqualTo(872 * K);
        assertThat(thread.malloc().peakBytes()).hasValue(40 * K);
        assertThat(thread.malloc().peakCount()).hasValue(134);
        assertThat(thread.arena().bytes().bytes()).isEqualTo(23 * K);
        assertThat(thread.arena().peakBytes()).hasValue(914 * K);
        NmtCategory other = r.category(NmtTag.OTHER).orElseThrow();
        assertThat(other.malloc().peakBytes()).hasValue(8202 * K); // "(at peak)"
        assertThat(r.category(NmtTag.NMT).orElseThrow().trackingOverhead().bytes()).isEqualTo(1025 * K);
        assertThat(r.category(NmtTag.METASPACE).orElseThrow().mmap().reserved().bytes()).isEqualTo(65536 * K);
        assertThat(r.category(NmtTag.ARENA_CHUNK).orElseThrow().malloc().count().count()).isEqualTo(149);
    }

    @Test
    void readsJdk25PeaksReadonlyAndThreadsCount() {
        Parsed<NmtReport> p = parse("jdk25-summary.txt");
        NmtReport r = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(r.totals().mallocPeakBytes()).hasValue(54110 * K);
        assertThat(r.totals().mallocPeakCount()).hasValue(50175);
        NmtCategory cds = r.category(NmtTag.SHARED_CLASS_SPACE).orElseThrow();
        assertThat(cds.readonlyBytes()).hasValue(0);
        assertThat(cds.mmap().peakCommittedBytes()).hasValue(14116 * K);
        NmtCategory thread = r.category(NmtTag.THREAD).orElseThrow();
        assertThat(thread.threads().threads().count()).isEqualTo(19);
        assertThat(thread.threads().stackPeakBytes()).hasValue(916 * K);
        assertThat(r.category(NmtTag.JAVA_HEAP).orElseThrow().mmap().peakCommittedBytes()).hasValue(65536 * K);
        assertThat(r.category(NmtTag.GC_CARD_SET)).isPresent();
        assertThat(r.category(NmtTag.CLASS).orElseThrow().malloc().bytes().bytes()).isEqualTo(212 * K);
        assertThat(r.categories()).extracting(NmtCategory::tag).doesNotContain(NmtTag.UNRECOGNIZED);
    }

    @Test
    void findsUnsafeMemoryInOtherFromJdk9On() {
        for (String f : new String[] {"jdk17-summary.txt", "jdk25-summary.txt", "jdk17-detail.txt", "jdk25-summary-diff.txt"}) {
            NmtReport r = report(f);
            assertThat(r.format()).as(f).isEqualTo(NmtFormat.JDK9_OR_LATER);
            assertThat(r.unsafeTag()).as(f).isEqualTo(NmtTag.OTHER);
        }
        // the program keeps 8 MiB of direct buffers at start
        assertThat(report("jdk17-summary.txt").category(NmtTag.OTHER).orElseThrow().mallocBytes()).isEqualTo(8202 * K);
    }

    @Test
    void convertsEveryScaleToTheSameBytesWithinRounding() {
        NmtReport kb = report("jdk17-summary-kb.txt");
        NmtReport mb = report("jdk17-summary-kb-then-mb.txt");
        NmtReport bytes = report("jdk17-summary-bytes.txt");
        assertThat(mb.scale()).isEqualTo("MB");
        assertThat(bytes.scale()).isEmpty();
        assertThat(bytes.scaleBytes()).isEqualTo(1);
        long heapKb = kb.category(NmtTag.JAVA_HEAP).orElseThrow().reservedBytes();
        assertThat(mb.category(NmtTag.JAVA_HEAP).orElseThrow().reservedBytes()).isEqualTo(heapKb);
        assertThat(bytes.category(NmtTag.JAVA_HEAP).orElseThrow().reservedBytes()).isEqualTo(heapKb);
        long totalKb = kb.totals().reserved().bytes();
        assertThat(mb.totals().reserved().bytes()).isCloseTo(totalKb, org.assertj.core.data.Offset.offset(2L << 20));
        assertThat(bytes.totals().reserved().bytes()).isCloseTo(totalKb, org.assertj.core.data.Offset.offset(4L << 20));
        assertThat(bytes.totals().mallocCount().count()).isEqualTo(65748);
        NmtReport gb = report("jdk25-summary-gb.txt");
        assertThat(gb.scale()).isEqualTo("GB");
        assertThat(gb.categories()).extracting(NmtCategory::tag).containsExactly(NmtTag.CLASS);
        assertThat(gb.category(NmtTag.CLASS).orElseThrow().reservedBytes()).isEqualTo(1L << 30);
    }

    @Test
    void readsJdk17SummaryDiffDeltas() {
        Parsed<NmtReport> p = parse("jdk17-summary-diff.txt");
        NmtReport r = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(r.kind()).isEqualTo(NmtReportKind.SUMMARY_DIFF);
        assertThat(r.totals().reserved().bytes()).isEqualTo(1531678 * K);
        assertThat(r.totals().reserved().deltaBytes()).hasValue(15670 * K);
        assertThat(r.totals().committed().deltaBytes()).hasValue(14042 * K);
        NmtCategory other = r.category(NmtTag.OTHER).orElseThrow();
        assertThat(other.malloc().bytes().deltaBytes()).hasValue(16384 * K);
        assertThat(other.malloc().count().delta()).hasValue(16);
        NmtCategory thread = r.category(NmtTag.THREAD).orElseThrow();
        assertThat(thread.threads().threads().delta()).hasValue(4);
        assertThat(thread.arena().bytes().deltaBytes()).hasValue(5 * K); // "+5" without unit: the report scale
        assertThat(r.category(NmtTag.ARENA_CHUNK).orElseThrow().reserved().deltaBytes()).hasValue(-2785 * K);
        assertThat(r.category(NmtTag.JAVA_HEAP).orElseThrow().reserved().deltaBytes()).isEmpty();
        NmtCategory cls = r.category(NmtTag.CLASS).orElseThrow();
        assertThat(cls.metadata().used().deltaBytes()).hasValue(6 * K);
        assertThat(cls.classSpace().waste().deltaBytes()).hasValue(-1 * K);
    }

    @Test
    void readsJdk25SummaryDiffWithSplitTotals() {
        NmtReport r = report("jdk25-summary-diff.txt");
        assertThat(r.kind()).isEqualTo(NmtReportKind.SUMMARY_DIFF);
        assertThat(r.totals().mallocBytes().bytes()).isEqualTo(39872 * K);
        assertThat(r.totals().mallocBytes().deltaBytes()).hasValue(5001 * K);
        assertThat(r.totals().mallocCount().delta()).hasValue(-344);
        assertThat(r.totals().mmapReserved().deltaBytes()).hasValue(2048 * K);
        assertThat(r.category(NmtTag.THREAD).orElseThrow().threads().threads().delta()).hasValue(4);
    }

    @Test
    void readsJdk17DetailRegionsAndSites() {
        Parsed<NmtReport> p = parse("jdk17-detail.txt");
        NmtReport r = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(r.kind()).isEqualTo(NmtReportKind.DETAIL);
        assertThat(r.virtualMemoryMap()).hasSize(39);
        NmtReservedRegion heap = r.virtualMemoryMap().get(0);
        assertThat(heap.start()).isEqualTo(0xfc000000L);
        assertThat(heap.end()).isEqualTo(0x100000000L);
        assertThat(heap.tag()).isEqualTo(NmtTag.JAVA_HEAP);
        assertThat(heap.allCommitted()).isTrue();
        assertThat(heap.frames()).hasSize(4).first().asString().startsWith("[0x00007f808cf1a27c] ReservedSpace::reserve(");
        assertThat(heap.committed()).hasSize(5);
        assertThat(heap.committed().get(0).end()).isEqualTo(0xffe00000L);
        assertThat(heap.committed().get(0).frames()).hasSize(4);
        assertThat(heap.committedBytes()).isEqualTo(64L << 20);
        NmtReservedRegion meta = r.virtualMemoryMap().get(1);
        assertThat(meta.rawCategory()).isEqualTo("Metaspace");
        assertThat(meta.allCommitted()).isFalse();
        assertThat(r.mallocSites()).hasSize(302);
        NmtMallocSite top = r.mallocSites().get(0);
        assertThat(top.bytes()).isEqualTo(8202 * K);
        assertThat(top.tag()).isEqualTo(NmtTag.OTHER);
        assertThat(top.frames()).containsExactly("[0x00007f808ced0c9c] Unsafe_AllocateMemory0+0x7c", "[0x00007f80749455ba]");
        assertThat(top.malloc().peakBytes()).hasValue(8202 * K);
        assertThat(r.virtualMemorySites()).hasSize(19);
        assertThat(r.omittedCallSites()).isEqualTo(1653);
    }

    @Test
    void readsJdk25DetailWithTagsAndLibraryFrames() {
        Parsed<NmtReport> p = parse("jdk25-detail.txt");
        NmtReport r = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(r.virtualMemoryMap()).hasSize(36);
        NmtReservedRegion first = r.virtualMemoryMap().get(0);
        assertThat(first.start()).isEqualTo(0x00007f786cd28000L);
        assertThat(first.tag()).isEqualTo(NmtTag.INTERNAL);
        assertThat(first.frames().get(3)).isEqualTo("[0x00007f786cd339df]JavaMain+0x8f in libjli.so");
        assertThat(first.committed()).hasSize(1);
        assertThat(r.virtualMemoryMap()).filteredOn(g -> g.tag() == NmtTag.THREAD_STACK).isNotEmpty();
        NmtMallocSite top = r.mallocSites().get(0);
        assertThat(top.bytes()).isEqualTo(12298 * K);
        assertThat(top.rawCategory()).isEqualTo("Other");
        assertThat(top.malloc().count().count()).isEqualTo(14);
        assertThat(r.mallocSites()).anyMatch(s -> "Native Memory Tracking".equals(s.rawCategory()) || s.tag() == NmtTag.SYMBOL);
        assertThat(r.omittedCallSites()).isEqualTo(1595);
    }

    @Test
    void readsDetailDiffSitesWithDeltas() {
        Parsed<NmtReport> p = parse("jdk17-detail-diff.txt");
        NmtReport r = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(r.kind()).isEqualTo(NmtReportKind.DETAIL_DIFF);
        assertThat(r.virtualMemoryMap()).isEmpty();
        NmtMallocSite elf = r.mallocSites().get(0);
        assertThat(elf.bytes()).isEqualTo(2625 * K);
        assertThat(elf.malloc().bytes().deltaBytes()).hasValue(2625 * K);
        assertThat(elf.malloc().count().delta()).hasValue(4);
        assertThat(elf.tag()).isEqualTo(NmtTag.INTERNAL);
        assertThat(r.mallocSites()).anyMatch(s -> s.malloc().bytes().deltaBytes().equals(OptionalLong.of(-1 * K)));
        assertThat(parse("jdk25-detail-diff.txt").warnings()).isEmpty();
        assertThat(report("jdk25-detail-diff.txt").kind()).isEqualTo(NmtReportKind.DETAIL_DIFF);
    }

    @Test
    void readsDetailAtMbScale() {
        Parsed<NmtReport> p = parse("jdk25-detail-mb.txt");
        assertThat(p.warnings()).isEmpty();
        assertThat(p.value().scale()).isEqualTo("MB");
        assertThat(p.value().mallocSites()).isNotEmpty().allMatch(s -> s.bytes() % (1 << 20) == 0);
    }

    @Test
    void answersWithoutDataAreResults() {
        assertThat(report("jdk17-not-enabled.txt").status()).isEqualTo(NmtStatus.NOT_ENABLED);
        assertThat(report("jdk25-not-enabled.txt").unavailable()).isTrue();
        assertThat(report("jdk25-not-enabled.txt").pid()).hasValue(4946);
        assertThat(report("jdk17-detail-not-enabled.txt").status()).isEqualTo(NmtStatus.DETAIL_NOT_ENABLED);
        assertThat(report("jdk25-no-baseline.txt").status()).isEqualTo(NmtStatus.NO_BASELINE);
        assertThat(report("jdk17-baseline.txt").status()).isEqualTo(NmtStatus.BASELINE_TAKEN);
        assertThat(report("jdk17-baseline.txt").unavailable()).isFalse();
        assertThat(NmtParser.parse("Tracking level has been downgraded due to lack of resources\n", "t").value().status())
                .isEqualTo(NmtStatus.DOWNGRADED);
        assertThat(NmtParser.parse("1:\nNo detail baseline for comparison\n", "t").value().status())
                .isEqualTo(NmtStatus.NO_DETAIL_BASELINE);
    }
}
