package dev.offheap.parse.nmt;

import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtFormat;
import dev.offheap.model.NmtReport;
import dev.offheap.model.NmtReportKind;
import dev.offheap.model.NmtReservedRegion;
import dev.offheap.model.NmtTag;
import dev.offheap.model.Parsed;
import org.junit.jupiter.api.Test;
import static dev.offheap.parse.nmt.NmtFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** JDK 8, 11 and 21 texts: recorded excerpts and reconstructions (see fixtures/nmt/SOURCES.md). */
class NmtParserOlderJdkTest {
    private static final long K = 1024;
    private static final long M = 1024 * 1024;

    @Test
    void readsRecordedJdk8SummaryAtMbScaleWithUnsafeMemoryInInternal() {
        Parsed<NmtReport> p = parse("jdk8-summary-mb.txt");
        NmtReport r = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(r.scale()).isEqualTo("MB");
        assertThat(r.totals().reserved().bytes()).isEqualTo(2231 * M);
        assertThat(r.totals().mallocBytes()).isNull();
        assertThat(r.format()).isEqualTo(NmtFormat.JDK8);
        assertThat(r.unsafeTag()).isEqualTo(NmtTag.INTERNAL);
        assertThat(r.category(NmtTag.INTERNAL).orElseThrow().mallocBytes()).isEqualTo(506 * M);
        NmtCategory cls = r.category(NmtTag.CLASS).orElseThrow();
        assertThat(cls.classes().classes().count()).isEqualTo(13491);
        assertThat(cls.classes().instanceClasses()).isNull();
        assertThat(cls.metadata()).isNull();
        NmtCategory thread = r.category(NmtTag.THREAD).orElseThrow();
        assertThat(thread.threads().threads().count()).isEqualTo(144);
        assertThat(thread.threads().stackCommitted().bytes()).isEqualTo(41 * M);
        assertThat(thread.malloc()).isNull();
    }

    @Test
    void readsJdk8DetailWithTabIndentedCommittedRegions() {
        Parsed<NmtReport> p = parse("jdk8-detail-mb.txt");
        NmtReport r = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(r.kind()).isEqualTo(NmtReportKind.DETAIL);
        assertThat(r.format()).isEqualTo(NmtFormat.JDK8);
        assertThat(r.virtualMemoryMap()).hasSize(3);
        NmtReservedRegion cls = r.virtualMemoryMap().get(1);
        assertThat(cls.start()).isEqualTo(0x00007f2d75498000L);
        assertThat(cls.sizeBytes()).isEqualTo(2 * M);
        assertThat(cls.tag()).isEqualTo(NmtTag.CLASS);
        assertThat(cls.committed()).singleElement().satisfies(c -> assertThat(c.start()).isEqualTo(0x00007f2d754d8000L));
        assertThat(r.virtualMemoryMap().get(2).tag()).isEqualTo(NmtTag.THREAD_STACK);
        assertThat(r.mallocSites()).hasSize(2);
        assertThat(r.mallocSites().get(0).bytes()).isEqualTo(498 * M);
        assertThat(r.mallocSites().get(0).tag()).isEqualTo(NmtTag.INTERNAL);
        assertThat(r.mallocSites().get(0).malloc().peakBytes()).isEmpty();
        assertThat(r.virtualMemorySites()).singleElement().satisfies(s -> {
            assertThat(s.tag()).isEqualTo(NmtTag.JAVA_HEAP);
            assertThat(s.committed().bytes()).isEqualTo(112 * M);
        });
    }

    @Test
    void readsJdk8SummaryDiffIncludingUnitlessArenaDelta() {
        Parsed<NmtReport> p = parse("jdk8-summary-diff.txt");
        NmtReport r = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(r.kind()).isEqualTo(NmtReportKind.SUMMARY_DIFF);
        assertThat(r.format()).isEqualTo(NmtFormat.JDK8);
        assertThat(r.category(NmtTag.INTERNAL).orElseThrow().malloc().bytes().deltaBytes()).hasValue(12288 * K);
        assertThat(r.category(NmtTag.CLASS).orElseThrow().classes().classes().delta()).hasValue(855);
        assertThat(r.category(NmtTag.THREAD).orElseThrow().arena().bytes().deltaBytes()).hasValue(2 * K);
        assertThat(r.category(NmtTag.ARENA_CHUNK).orElseThrow().malloc().count()).isNull();
    }

    @Test
    void readsRecordedJdk11SummaryWithMetaspaceFreeAndLocaleComma() {
        Parsed<NmtReport> p = parse("jdk11-summary.txt");
        NmtReport r = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(r.pid()).hasValue(4638);
        assertThat(r.format()).isEqualTo(NmtFormat.JDK9_OR_LATER);
        assertThat(r.unsafeTag()).isEqualTo(NmtTag.OTHER);
        NmtCategory cls = r.category(NmtTag.CLASS).orElseThrow();
        assertThat(cls.classes().instanceClasses().count()).isEqualTo(4462);
        assertThat(cls.metadata().free().bytes()).isEqualTo(644 * K);
        assertThat(cls.classSpace().used().bytes()).isEqualTo(2542 * K);
        assertThat(cls.classSpace().waste().bytes()).isZero();
        assertThat(r.category(NmtTag.THREAD).orElseThrow().threads().threads().count()).isEqualTo(17);
    }

    @Test
    void readsJdk11Detail() {
        Parsed<NmtReport> p = parse("jdk11-detail.txt");
        NmtReport r = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(r.category(NmtTag.LOGGING)).isPresent();
        assertThat(r.category(NmtTag.ARGUMENTS)).isPresent();
        assertThat(r.virtualMemoryMap()).hasSize(3);
        assertThat(r.virtualMemoryMap().get(2).allCommitted()).isTrue();
        assertThat(r.virtualMemoryMap().get(2).committedBytes()).isEqualTo(1016 * K);
        assertThat(r.mallocSites().get(0).tag()).isEqualTo(NmtTag.OTHER);
        assertThat(r.mallocSites().get(0).frames().get(0)).contains("Unsafe_AllocateMemory0");
    }

    @Test
    void readsJdk21SummaryAndDetail() {
        Parsed<NmtReport> s = parse("jdk21-summary.txt");
        assertThat(s.warnings()).isEmpty();
        NmtReport r = s.value();
        assertThat(r.categories()).hasSize(20);
        assertThat(r.category(NmtTag.SHARED_CLASS_SPACE).orElseThrow().readonlyBytes()).hasValue(4412 * K);
        assertThat(r.category(NmtTag.THREAD).orElseThrow().threads().threads().count()).isEqualTo(16);
        assertThat(r.category(NmtTag.COMPILER).orElseThrow().arena().peakBytes()).hasValue(9420 * K);
        Parsed<NmtReport> d = parse("jdk21-detail.txt");
        assertThat(d.warnings()).isEmpty();
        assertThat(d.value().virtualMemoryMap()).hasSize(3);
        assertThat(d.value().mallocSites()).hasSize(3);
        assertThat(d.value().mallocSites().get(2).malloc().peakBytes()).hasValue(3072 * K);
        assertThat(d.value().omittedCallSites()).isEqualTo(1542);
    }

    @Test
    void mapsCategoryNamesOfAllVersions() {
        assertThat(NmtTag.fromName("Memory Tracking")).isEqualTo(NmtTag.NMT);
        assertThat(NmtTag.fromName("Pooled Free Chunks")).isEqualTo(NmtTag.ARENA_CHUNK);
        assertThat(NmtTag.fromName("Synchronization")).isEqualTo(NmtTag.SYNCHRONIZER);
        assertThat(NmtTag.fromName("GCCardSet")).isEqualTo(NmtTag.GC_CARD_SET);
        assertThat(NmtTag.fromName("Wisp")).isEqualTo(NmtTag.UNRECOGNIZED);
    }
}
