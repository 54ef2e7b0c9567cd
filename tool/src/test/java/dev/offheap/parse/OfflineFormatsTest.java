package dev.offheap.parse;

import dev.offheap.model.GcLogSummary;
import dev.offheap.model.HsErrReport;
import dev.offheap.model.InputException;
import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.NmtTag;
import dev.offheap.model.Parsed;
import dev.offheap.parse.logs.GcLogParser;
import dev.offheap.parse.logs.HsErrParser;
import dev.offheap.parse.proc.PmapParser;
import dev.offheap.parse.proc.SmapsParser;
import dev.offheap.saved.FileFormat;
import dev.offheap.saved.FormatSniffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pmap -x/-X, GC logs (unified and JDK 8), hs_err logs and format sniffing, on real recorded files. */
class OfflineFormatsTest {
    private static final long KIB = 1024;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"jdk17-x.txt", "jdk17-X.txt", "jdk17-XX.txt"})
    void pmapGivesTheMappingsAndResidentTotalThatPmapPrints(String fixture) {
        String text = Fixtures.text("pmap/" + fixture);
        MemoryMap map = PmapParser.parse(text, fixture).value();
        MemoryMap smaps = SmapsParser.parse(Fixtures.text("pmap/jdk17-smaps.txt"), "smaps").value();
        assertThat(map.mappings()).hasSize(smaps.mappings().size());
        // "total kB         2655136   52888   31872" (-x) or "2655136 52888 36018 ... KB" (-X): size, then RSS
        String total = text.lines().filter(l -> l.startsWith("total kB") || l.strip().endsWith(" KB")).findFirst().orElseThrow();
        String[] f = total.replace("total kB", "").strip().split("\\s+");
        assertThat(map.sizeBytes()).isEqualTo(Long.parseLong(f[0]) * KIB);
        // -XX prints KernelPageSize and MMUPageSize between Size and Rss
        assertThat(map.rssBytes().getAsLong()).isEqualTo(Long.parseLong(f[fixture.contains("XX") ? 3 : 1]) * KIB);
        Mapping heap = map.find(0xfc000000L).orElseThrow();
        assertThat(heap.path()).isNull();
        assertThat(heap.sizeBytes()).isEqualTo(63488 * KIB);
        assertThat(heap.rssBytes()).isEqualTo(112 * KIB);
        assertThat(heap.perms()).isEqualTo("rw-p");
        assertThat(map.mappings()).anyMatch(m -> "libjvm.so".equals(m.path()) && m.isExecutable())
                .anyMatch(m -> "[stack]".equals(m.path()));
        assertThat(FormatSniffer.sniff(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(FileFormat.PMAP);
    }

    @Test
    void pmapCapitalXKeepsSmapsColumnsAndXxTheVmFlags() {
        Mapping jsa = PmapParser.parse(Fixtures.text("pmap/jdk17-XX.txt"), "XX").value().find(0xffe00000L).orElseThrow();
        assertThat(jsa.path()).isEqualTo("classes.jsa");
        assertThat(jsa.pssBytes()).isEqualTo(392 * KIB);
        assertThat(jsa.anonymousBytes()).isEqualTo(316 * KIB);
        assertThat(jsa.privateDirtyBytes()).isEqualTo(316 * KIB);
        assertThat(jsa.offset()).isEqualTo(0xc77000L);
        assertThat(jsa.inode()).isEqualTo(328258);
        assertThat(jsa.vmFlags()).containsExactly("rd", "wr", "mr", "mw", "me", "ac");
    }

    @Test
    void pmapBadInputIsOneLineWithPlace() {
        assertThatThrownBy(() -> PmapParser.parse("", "p.txt")).isInstanceOf(InputException.class).hasMessageStartingWith("p.txt: empty file");
        assertThatThrownBy(() -> PmapParser.parse("hello\n", "p.txt")).hasMessageStartingWith("p.txt:1: expected pmap -x or -X output");
        String text = Fixtures.text("pmap/jdk17-x.txt");
        Parsed<MemoryMap> cut = PmapParser.parse(text.substring(0, text.indexOf("libjvm.so") + 4), "cut.txt");
        assertThat(cut.warnings()).singleElement().asString().startsWith("cut.txt:").contains("truncated");
        String corrupt = text.replaceFirst("\n00005585602d6000 +4 +4 +0 r---- java", "\nzz garbage here");
        Parsed<MemoryMap> bad = PmapParser.parse(corrupt, "bad.txt");
        assertThat(bad.warnings()).singleElement().asString().matches("bad\\.txt:\\d+: expected a mapping row, skipped: \"zz garbage here\"");
        assertThat(bad.value().mappings()).hasSize(PmapParser.parse(text, "x").value().mappings().size() - 1);
    }

    @Test
    void pmapsOwnTotalRowIsCheckedAndItsFirstLineNamesTheProcess() {
        String text = Fixtures.text("pmap/jdk17-nmt-detail-x.txt");
        Parsed<MemoryMap> whole = PmapParser.parse(text, "x.txt");
        assertThat(whole.warnings()).isEmpty();
        assertThat(whole.value().partial()).isFalse();
        assertThat(whole.value().rssBytes().getAsLong()).isEqualTo(205156L << 10);
        PmapParser.Header h = PmapParser.header(text).orElseThrow();
        assertThat(h.pid()).isEqualTo(8062);
        assertThat(h.command()).startsWith("/usr/lib/jvm/java-17-openjdk-amd64/bin/java -Xmx256m -XX:NativeMemoryTracking=detail");
        // a row edited after the fact: the total no longer adds up, and says so
        String edited = text.replace("00000000f0000000  260096     552     552", "00000000f0000000  260096     652     552");
        assertThat(PmapParser.parse(edited, "e.txt").warnings()).singleElement().asString()
                .endsWith("pmap's total RSS is 205156 kB, the rows read add up to 205256 kB");
        // without its total row, a copy is cut, even at a line end
        String noTotal = text.substring(0, text.indexOf("----------------"));
        Parsed<MemoryMap> cut = PmapParser.parse(noTotal, "c.txt");
        assertThat(cut.value().cutAtByte()).hasValue(noTotal.length());
        assertThat(cut.warnings()).singleElement().asString().endsWith("file ends before pmap's total row (truncated copy?)");
        // -X: the total row holds Size and Rss under their columns
        assertThat(PmapParser.parse(Fixtures.text("pmap/jdk17-XX.txt"), "xx.txt").warnings()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "jdk17-metaspace.log,  unified, 4, 0, 0, 0",
        "jdk25-metaspace.log,  unified, 7, 0, 0, 0",
        "jdk17-system-gc.log,  unified, 0, 1, 1, 0",
        "jdk25-system-gc.log,  unified, 0, 1, 1, 0",
        "jdk17-codecache.log,  unified, 0, 0, 0, 1",
        "jdk25-codecache.log,  unified, 0, 0, 0, 1",
        "jdk8-parallel-metadata.log, jdk8, 2, 0, 0, 0",
        "jdk8-system-gc.log,   jdk8,    0, 2, 1, 0",
        "jdk8-g1-metadata.log, jdk8,    2, 0, 0, 0"})
    void gcLogsCountMetadataAndSystemGcCollectionsAndFullCodeCache(String fixture, String format, long metadata,
                                                                   long systemGc, long systemGcFull, long codeCacheFull) {
        String text = Fixtures.text("gclog/" + fixture);
        GcLogSummary s = GcLogParser.parse(Fixtures.path("gclog/" + fixture)).value();
        assertThat(s.format()).isEqualTo(format);
        assertThat(s.metadataCollections()).isEqualTo(metadata);
        assertThat(s.systemGcCollections()).isEqualTo(systemGc);
        assertThat(s.systemGcFullCollections()).isEqualTo(systemGcFull);
        assertThat(s.codeCacheFullWarnings()).isEqualTo(codeCacheFull);
        assertThat(FormatSniffer.sniff(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(FileFormat.GC_LOG);
    }

    @Test
    void gcLogsKeepTheMetaspaceUsedAfterMetadataCollections() {
        GcLogSummary jdk17 = GcLogParser.parse(Fixtures.path("gclog/jdk17-metaspace.log")).value();
        // "[0.664s][info][gc,metaspace] GC(0) Metaspace: 5937K(8192K)->5937K(8192K) NonClass: …"
        assertThat(jdk17.firstMetaspaceAfterBytes()).isEqualTo(5937 * KIB);
        assertThat(jdk17.lastMetaspaceAfterBytes()).isGreaterThan(jdk17.firstMetaspaceAfterBytes());
        assertThat(jdk17.firstUptimeSeconds()).isEqualTo(0.003);
        GcLogSummary jdk8 = GcLogParser.parse(Fixtures.path("gclog/jdk8-parallel-metadata.log")).value();
        assertThat(jdk8.collections()).isEqualTo(5);
        assertThat(jdk8.metadataFullCollections()).isEqualTo(1);
        assertThat(jdk8.lastMetaspaceAfterBytes()).isEqualTo(20882 * KIB);
        assertThat(jdk8.lastUptimeSeconds()).isEqualTo(1961.917);
    }

    @Test
    void gcLogBadInputIsOneLineWithPlace() {
        assertThatThrownBy(() -> GcLogParser.parse("\n\n", "gc.log")).hasMessage("gc.log: empty file, expected a GC log");
        assertThatThrownBy(() -> GcLogParser.parse("hello\nworld\n", "gc.log")).isInstanceOf(InputException.class)
                .hasMessageStartingWith("gc.log: no GC log line found");
        String text = Fixtures.text("gclog/jdk17-metaspace.log");
        GcLogSummary cut = GcLogParser.parse(text.substring(0, text.length() / 2), "cut.log").value();
        assertThat(cut.metadataCollections()).isBetween(1L, 4L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"jdk17-heap-oom.log, 17, 16258", "jdk25-heap-oom.log, 25, 16279"})
    void hsErrGivesVersionFlagsMemoryMapNmtAndResidentSize(String fixture, int major, long pid) {
        String text = Fixtures.text("hserr/" + fixture);
        Parsed<HsErrReport> p = HsErrParser.parse(text, fixture);
        HsErrReport r = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(r.pid()).isEqualTo(pid);
        assertThat(r.version().major()).isEqualTo(major);
        assertThat(r.errorLines()).contains("fatal error: OutOfMemory encountered: Java heap space");
        assertThat(r.flags().longValue("MaxHeapSize").getAsLong()).isEqualTo(32L << 20);
        assertThat(r.flags().value("NativeMemoryTracking")).hasValue("summary");
        assertThat(r.commandLine().jvmArgList()).contains("-Xmx32m", "-XX:NativeMemoryTracking=summary");
        assertThat(r.memoryMap().hasCounters()).isFalse();
        assertThat(r.memoryMap().mappings()).anyMatch(m -> m.path() != null && m.path().endsWith("/libjvm.so"));
        assertThat(r.nmt().category(NmtTag.JAVA_HEAP).orElseThrow().committedBytes()).isEqualTo(32L << 20);
        assertThat(r.residentBytes()).isPositive();
        assertThat(r.physicalMemoryBytes()).isPositive();
        assertThat(r.heapLines()).isNotEmpty();
        assertThat(r.nativeOutOfMemory()).isFalse();
        assertThat(FormatSniffer.sniff(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(FileFormat.HS_ERR);
    }

    @Test
    void hsErrOfANativeOutOfMemoryNamesTheFailedAllocation() {
        String text = Fixtures.text("hserr/jdk17-heap-oom.log").replace(
                "#  Internal Error (debug.cpp:362), pid=16258, tid=16259\n#  fatal error: OutOfMemory encountered: Java heap space\n",
                "# There is insufficient memory for the Java Runtime Environment to continue.\n"
                        + "# Native memory allocation (mmap) failed to map 65536 bytes for committing reserved memory.\n");
        HsErrReport r = HsErrParser.parse(text, "native.log").value();
        assertThat(r.nativeOutOfMemory()).isTrue();
        assertThat(r.failedAllocationBytes()).isEqualTo(65536);
        assertThat(r.failedAllocationKind()).isEqualTo("mmap");
        assertThat(r.failedAllocationPurpose()).isEqualTo("committing reserved memory");
    }

    @Test
    void aTruncatedHsErrKeepsWhatItHasAndSaysWhatIsMissing() {
        String text = Fixtures.text("hserr/jdk17-heap-oom.log");
        String cut = text.substring(0, text.indexOf("Native Memory Tracking:") + 200);
        Parsed<HsErrReport> p = HsErrParser.parse(cut, "cut.log");
        assertThat(p.value().flags()).isNotNull();
        assertThat(p.value().residentBytes()).isNull();
        assertThat(p.warnings()).anyMatch(w -> w.toString().startsWith("cut.log:"));
        assertThatThrownBy(() -> HsErrParser.parse("# hello\n", "x.log")).isInstanceOf(InputException.class)
                .hasMessageStartingWith("x.log:1: expected '# A fatal error has been detected");
    }

    @Test
    void sniffingTellsTheOtherFormatsApartAndGivesUpOnUnknownOnes() {
        assertThat(sniff("nmt/jdk17-summary.txt")).isEqualTo(FileFormat.NMT);
        assertThat(sniff("nmt/jdk8-detail-mb.txt")).isEqualTo(FileFormat.NMT);
        assertThat(sniff("smaps/jdk17-pretouch.txt")).isEqualTo(FileFormat.SMAPS);
        assertThat(sniff("maps/jdk17-pretouch.txt")).isEqualTo(FileFormat.MAPS);
        assertThat(sniff("status/jdk17-pretouch.txt")).isEqualTo(FileFormat.STATUS);
        for (String s : List.of("hello world\n", "{\"a\": 1}\n", "\u0000\u0001\u0002")) {
            assertThat(FormatSniffer.sniff(s.getBytes(StandardCharsets.UTF_8))).as(s).isEqualTo(FileFormat.UNKNOWN);
        }
        assertThat(FormatSniffer.sniff("JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.US_ASCII))).isEqualTo(FileFormat.HPROF);
    }

    private static FileFormat sniff(String fixture) {
        return FormatSniffer.sniff(TextInput.readBytes(Fixtures.path(fixture)));
    }
}
