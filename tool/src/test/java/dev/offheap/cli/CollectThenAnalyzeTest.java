package dev.offheap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.analyze.Analyzer;
import dev.offheap.assemble.SnapshotAssembler;
import dev.offheap.model.Finding;
import dev.offheap.model.Report;
import dev.offheap.report.Json;
import dev.offheap.report.ReportJson;
import dev.offheap.saved.SnapshotFolder;
import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.DirectBufferLeak;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The live and the offline analysis of the same moment give the same findings: 'offheap collect' saves a live JVM,
 * 'offheap analyze DIR --json' gives the findings the live analysis of the very same sources gives, and the loose
 * files a user would have (smaps, NMT, status, flags) copied out of the folder give the same finding ids.
 */
class CollectThenAnalyzeTest {
    @TempDir
    Path tmp;

    @org.junit.jupiter.api.Test
    void collectWithTheGrowthProfileSavesItsRecordingsAndAnalyzeNamesTheCulprit() throws IOException {
        Path dir = tmp.resolve("growth");
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, dev.offheap.zoo.ZipLeak.class).jvmArgs("-Xmx64m").args("20").start()) {
            Cli.Result c = Cli.run("collect", t.pid(), "--out", dir, "--profile", "5s");
            assertThat(c.exitCode()).as(c.err()).isZero();
            assertThat(c.err()).contains("sampling page faults of pid " + t.pid());
        }
        assertThat(dir.resolve("growth-profile.txt")).exists();
        assertThat(dir.resolve("pagefaults-1.jfr")).exists();
        assertThat(Files.readString(dir.resolve("MANIFEST.txt"))).contains("pagefaults-1.jfr\tpage-fault samples of the growth profile");
        Cli.Result a = Cli.run("analyze", "--json", dir);
        assertThat(a.exitCode()).as(a.err()).isZero();
        JsonNode zip = null;
        for (JsonNode f : a.json().path("findings")) {
            if (f.path("id").asText().equals("ZIP_STREAMS_NOT_ENDED")) {
                zip = f;
            }
        }
        assertThat(zip).as("the growth profile's finding among %s", a.json().path("findings")).isNotNull();
        assertThat(zip.path("culprit").path("library").asText()).isEqualTo("libzip.so");
        assertThat(zip.path("culprit").path("className").asText()).isEqualTo("java.util.zip.Deflater");
        assertThat(zip.path("summary").asText()).startsWith("libzip.so via java.util.zip.Deflater.")
                .contains("grows RSS by").contains("(called from dev.offheap.zoo.ZipLeak.lambda$main$0)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void collectThenAnalyzeGivesTheLiveFindings(Jdk jdk) throws IOException {
        assumeThat(jdk.installed()).as(jdk + " is not installed").isTrue();
        Path dir = tmp.resolve("collected");
        JsonNode reported;
        try (TargetJvm t = TargetJvm.builder(jdk, DirectBufferLeak.class)
                .jvmArgs("-Xmx64m", "-XX:NativeMemoryTracking=detail").args("8", "0", "8").start()) {
            Cli.Result r = Cli.run("report", "--json", t.pid());
            assertThat(r.exitCode()).as(r.err()).isZero();
            reported = r.json();
            Cli.Result c = Cli.run("collect", t.pid(), "--out", dir, "--heap-dump");
            assertThat(c.exitCode()).as(c.err()).isZero();
            assertThat(perfMapsOf(t.pid())).as("perf maps left in /tmp").isEmpty();
        }
        // the live analysis of the sources collect read (the folder holds them byte for byte)
        Report live = Analyzer.analyze(SnapshotAssembler.assemble(SnapshotFolder.read(dir)));
        Cli.Result a = Cli.run("analyze", "--json", dir);
        assertThat(a.exitCode()).as(a.err()).isZero();
        JsonNode expected = Json.mapper().readTree(Json.toText(ReportJson.render(live, Version.current())));
        assertThat(a.json().path("findings")).isEqualTo(expected.path("findings"));
        assertThat(a.json().path("memory").path("categories")).isEqualTo(expected.path("memory").path("categories"));
        // the class counters of that moment are in the folder too (its hsperfdata file)
        assertThat(a.json().path("classes")).isEqualTo(expected.path("classes"));
        assertThat(a.json().path("classes").path("loaded").asLong()).isPositive();
        assertThat(a.json().path("classes").path("definedByLoaders").isNumber()).isTrue();
        assertThat(live.findings()).extracting(Finding::id).contains("DIRECT_MEMORY_UNLIMITED");
        // 'offheap report' a moment before 'collect' (the target holds still): the same findings
        assertThat(idsAndSeverities(a.json())).isEqualTo(idsAndSeverities(reported));

        String manifest = Files.readString(dir.resolve("MANIFEST.txt"));
        for (String file : List.of("smaps.txt", "native-memory.txt", "native-memory-summary.txt", "cmdline.bin",
                "proc-cgroup.txt", "classloader-stats.txt", "metaspace.txt", "heap.hprof")) {
            assertThat(dir.resolve(file)).as(file).isRegularFile();
            assertThat(manifest).as(file).containsPattern("(?m)^" + java.util.regex.Pattern.quote(file) + "\t.+\t.+\t\\d{4}-");
        }
        assertThat(manifest).containsPattern("classloader-stats.txt\t[^\t]*safepoint operation")
                .containsPattern("metaspace.txt\t[^\t]*safepoint operation")
                .contains("attach: jcmd ").contains(" VM.native_memory summary");
        if (jdk == Jdk.JDK25 || jdk == Jdk.JDK17) {
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.matches("perf-\\d+\\.map"));
            }
        }

        // loose files a user would have, renamed as users do: the same findings
        Path loose = Files.createDirectories(tmp.resolve("loose"));
        Files.copy(dir.resolve("smaps.txt"), loose.resolve("smaps"));
        Files.copy(dir.resolve("native-memory.txt"), loose.resolve("nmt.out"));
        Files.copy(dir.resolve("status.txt"), loose.resolve("status"));
        Files.copy(dir.resolve("vm-flags.txt"), loose.resolve("flags.txt"));
        Cli.Result l = Cli.run("analyze", "--json", loose.resolve("smaps"), loose.resolve("nmt.out"), loose.resolve("status"),
                loose.resolve("flags.txt"));
        assertThat(l.exitCode()).as(l.err()).isZero();
        assertThat(idsAndSeverities(l.json())).isEqualTo(idsAndSeverities(a.json()));
        assertThat(l.json().path("memory").path("rss").asLong()).isEqualTo(a.json().path("memory").path("rss").asLong());
    }

    private static List<String> idsAndSeverities(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.path("findings").forEach(f -> out.add(f.path("id").asText() + " " + f.path("severity").asText()));
        return out;
    }

    private static List<Path> perfMapsOf(long pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/tmp"))) {
            return s.filter(p -> p.getFileName().toString().equals("perf-" + pid + ".map")).toList();
        }
    }
}
