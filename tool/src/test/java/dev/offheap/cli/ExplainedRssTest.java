package dev.offheap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.analyze.Analyzer;
import dev.offheap.assemble.SnapshotAssembler;
import dev.offheap.attach.AttachClient;
import dev.offheap.attach.Jcmd;
import dev.offheap.attach.JvmConnection;
import dev.offheap.live.LiveSnapshot;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.Report;
import dev.offheap.model.SnapshotSources;
import dev.offheap.model.SystemMapSummary;
import dev.offheap.redact.Redactor;
import dev.offheap.saved.SnapshotFolder;
import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.DirectBufferLeak;
import dev.offheap.zoo.Idle;
import dev.offheap.zoo.ZipArenas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static dev.offheap.cli.ReportCommandTest.category;
import static dev.offheap.cli.ReportCommandTest.resident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The explained-RSS table on real JVMs: heap residency, glibc arenas, direct buffers, System.map, offline. */
class ExplainedRssTest {
    private static final long MIB = 1 << 20;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void aPreTouchedHeapIsFullyResidentAndAnUntouchedOneIsExplainedAsLazyCommit(Jdk jdk) {
        assumeThat(jdk.installed()).as(jdk + " is not installed").isTrue();
        try (TargetJvm pretouched = TargetJvm.builder(jdk, Idle.class)
                .jvmArgs("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch", "-XX:NativeMemoryTracking=detail").start()) {
            JsonNode memory = report(pretouched).path("memory");
            assertThat(resident(memory, "java-heap")).isBetween(512 * MIB * 98 / 100, 512 * MIB * 102 / 100);
        }
        try (TargetJvm lazy = TargetJvm.builder(jdk, Idle.class)
                .jvmArgs("-Xms512m", "-Xmx512m", "-XX:NativeMemoryTracking=detail").start()) {
            JsonNode doc = report(lazy);
            JsonNode heap = category(doc.path("memory"), "java-heap");
            assertThat(heap.path("committed").asLong()).isEqualTo(512 * MIB);
            assertThat(heap.path("resident").asLong()).isLessThan(64 * MIB);
            assertThat(ids(doc)).contains("LAZY_COMMIT");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void manyThreadsMallocingShowGlibcArenasUnlessMallocArenaMaxIsOne(Jdk jdk) {
        assumeThat(jdk.installed()).as(jdk + " is not installed").isTrue();
        try (TargetJvm t = TargetJvm.builder(jdk, ZipArenas.class).jvmArgs("-Xmx128m").args("16", "24").start()) {
            JsonNode doc = report(t);
            assertThat(resident(doc.path("memory"), "malloc-arenas")).isGreaterThan(32 * MIB);
            assertThat(ids(doc)).contains("GLIBC_ARENAS");
            JsonNode finding = finding(doc, "GLIBC_ARENAS");
            assertThat(finding.path("evidence").get(0).asText()).containsPattern("\\d+ glibc arenas in \\d+ heaps")
                    .contains("confirmed by its heap_info header");
            assertThat(finding.path("remedy").asText()).contains("MALLOC_ARENA_MAX=2");
        }
        try (TargetJvm t = TargetJvm.builder(jdk, ZipArenas.class).jvmArgs("-Xmx128m").args("16", "24")
                .env("MALLOC_ARENA_MAX", "1").start()) {
            JsonNode doc = report(t);
            assertThat(resident(doc.path("memory"), "malloc-arenas")).isZero();
            assertThat(ids(doc)).doesNotContain("GLIBC_ARENAS");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void quarterOfAGibibyteOfDirectBuffersIsInTheDirectBuffersRow(Jdk jdk) {
        assumeThat(jdk.installed()).as(jdk + " is not installed").isTrue();
        for (String nmt : List.of("off", "summary")) {
            try (TargetJvm t = TargetJvm.builder(jdk, DirectBufferLeak.class)
                    .jvmArgs("-Xmx512m", "-XX:NativeMemoryTracking=" + nmt).args("256", "0", "256").start()) {
                assertThat(resident(report(t).path("memory"), "direct-buffers")).as("NMT " + nmt)
                        .isBetween(256 * MIB * 97 / 100, 256 * MIB * 101 / 100);
            }
        }
    }

    @Test
    void agreesWithSystemMapOnJdk25PerTag() {
        Jdk jdk = Jdk.JDK25;
        assumeThat(jdk.installed()).as("JDK 25 is not installed").isTrue();
        try (TargetJvm t = TargetJvm.builder(jdk, DirectBufferLeak.class)
                .jvmArgs("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch", "-XX:NativeMemoryTracking=detail").args("8", "0", "8").start()) {
            LiveSnapshot.Options options = new LiveSnapshot.Options(LiveSnapshot.Pools.AGENT, true);
            LiveSnapshot.take(t.pid(), options); // loads the agent: what the JIT compiles for it is in before the wait
            awaitQuietCodeCache(t.pid());
            Report report = Analyzer.analyze(LiveSnapshot.take(t.pid(), options));
            // the System.map the report read itself, a moment before or after the memory map
            SystemMapSummary map = report.snapshot().systemMap();
            assertThat(map).as("the report read System.map").isNotNull();
            assertThat(map.mappings()).isGreaterThan(50);
            for (var e : dev.offheap.analyze.SystemMapCheck.TAGS.entrySet()) {
                long ours = report.explained().resident(e.getKey());
                long theirs = map.resident(e.getValue());
                assertThat((double) ours).as("%s vs System.map %s", e.getKey().text(), e.getValue())
                        .isCloseTo(theirs, org.assertj.core.data.Offset.offset(Math.max(theirs * 0.02, 64 * 1024.0)));
            }
            assertThat(report.explained().notes()).anyMatch(n -> n.startsWith("System.map agrees"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void aSavedFolderOfTheSameInputsGivesTheSameTable(Jdk jdk) throws Exception {
        assumeThat(jdk.installed()).as(jdk + " is not installed").isTrue();
        Path dir = Files.createTempDirectory("offheap-test-collect");
        try (TargetJvm t = TargetJvm.builder(jdk, DirectBufferLeak.class)
                .jvmArgs("-Xmx64m", "-XX:NativeMemoryTracking=detail").args("8", "0", "8").start()) {
            SnapshotSources live = LiveSnapshot.sources(t.pid(), new LiveSnapshot.Options(LiveSnapshot.Pools.AGENT, true));
            Report fromLive = Analyzer.analyze(SnapshotAssembler.assemble(live));
            Path folder = dir.resolve("snapshot");
            SnapshotFolder.write(folder, live, Redactor.standard());
            Report fromFolder = Analyzer.analyze(SnapshotAssembler.assemble(SnapshotFolder.read(folder)));
            assertThat(table(fromFolder)).isEqualTo(table(fromLive));
            assertThat(fromFolder.findings()).isEqualTo(fromLive.findings());
            assertThat(fromLive.explained().basis()).contains("pagemap");

            Path collected = dir.resolve("collected");
            Cli.Result c = Cli.run("collect", t.pid(), "--out", collected);
            assertThat(c.exitCode()).as(c.err()).isZero();
            assertThat(collected.resolve("MANIFEST.txt")).exists();
            Cli.Result a = Cli.run("analyze", "--json", collected);
            assertThat(a.exitCode()).as(a.err()).isZero();
            Report again = Analyzer.analyze(SnapshotAssembler.assemble(SnapshotFolder.read(collected)));
            JsonNode categories = a.json().path("memory").path("categories");
            assertThat(categories.size()).isEqualTo(again.explained().categories().size());
            for (int i = 0; i < categories.size(); i++) {
                assertThat(categories.get(i).path("name").asText()).isEqualTo(again.explained().categories().get(i).category().text());
                assertThat(categories.get(i).path("resident").asLong()).isEqualTo(again.explained().categories().get(i).residentBytes());
            }
            assertThat(a.json().path("target").path("pid").asLong()).isEqualTo(t.pid());
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * Waits, up to 20 s, until two readings of Compiler.codecache a second apart are the same. A JIT still
     * compiling after start touches new code cache pages between the report's smaps and its System.map, more than
     * the 64 KiB this test allows (seen: 240 KiB on JDK 25).
     */
    private static void awaitQuietCodeCache(long pid) {
        try (JvmConnection c = AttachClient.open(pid)) {
            Jcmd jcmd = new Jcmd(c);
            String before = jcmd.codeCache();
            for (int i = 0; i < 20; i++) {
                Thread.sleep(1000);
                String now = jcmd.codeCache();
                if (now.equals(before)) {
                    return;
                }
                before = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> table(Report r) {
        List<String> rows = new ArrayList<>();
        for (CategoryUsage u : r.explained().categories()) {
            rows.add(u.category().text() + " " + u.residentBytes() + " " + u.committedBytes() + " " + u.reservedBytes()
                    + " " + u.approximate() + " " + u.parts());
        }
        return rows;
    }

    private static JsonNode report(TargetJvm t) {
        Cli.Result r = Cli.run("report", "--json", t.pid());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.json();
    }

    private static List<String> ids(JsonNode doc) {
        List<String> ids = new ArrayList<>();
        doc.path("findings").forEach(f -> ids.add(f.path("id").asText()));
        return ids;
    }

    private static JsonNode finding(JsonNode doc, String id) {
        for (JsonNode f : doc.path("findings")) {
            if (f.path("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no finding " + id + " in " + doc.path("findings"));
    }
}
