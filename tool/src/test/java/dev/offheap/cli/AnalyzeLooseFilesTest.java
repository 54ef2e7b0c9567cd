package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.testing.Cli;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'offheap analyze' on loose recorded files: which report each combination gives, and one-line errors. */
class AnalyzeLooseFilesTest {
    @TempDir
    Path tmp;

    @Test
    void smapsOrPmapWithNmtAndStatusGiveTheSameFullReport() {
        JsonNode fromSmaps = ok("analyze", "--json", fixture("pmap/jdk17-smaps.txt"), fixture("pmap/jdk17-nmt-summary.txt"),
                fixture("pmap/jdk17-status.txt")).json();
        JsonNode fromPmap = ok("analyze", "--json", fixture("pmap/jdk17-x.txt"), fixture("pmap/jdk17-nmt-summary.txt"),
                fixture("pmap/jdk17-status.txt")).json();
        assertThat(fromSmaps.path("target").path("pid").asLong()).isEqualTo(16397);
        // pmap ran a moment after smaps was copied: a few pages of difference
        assertThat(fromSmaps.path("memory").path("rss").asLong()).isEqualTo(fromPmap.path("memory").path("rss").asLong());
        List<String> smaps = names(fromSmaps.path("memory").path("categories"));
        assertThat(names(fromPmap.path("memory").path("categories"))).isEqualTo(smaps);
        for (JsonNode c : fromPmap.path("memory").path("categories")) {
            assertThat(c.path("resident").asDouble()).as(c.path("name").asText())
                    .isCloseTo(category(fromSmaps, c.path("name").asText()).path("resident").asDouble(),
                            org.assertj.core.data.Offset.offset(64 * 1024.0));
        }
        assertThat(ids(fromPmap)).isEqualTo(ids(fromSmaps));
    }

    @Test
    void nmtAloneGivesTheJvmFiguresWithResidentUnknown() {
        JsonNode doc = ok("analyze", "--json", fixture("nmt/jdk25-summary.txt")).json();
        assertThat(doc.path("memory").path("rss").isNull()).isTrue();
        JsonNode heap = category(doc, "java-heap");
        assertThat(heap.path("resident").isNull()).isTrue();
        assertThat(heap.path("committed").asLong()).isPositive();
        // issue 25: the source names the command that printed it, and the table is NMT's view, each category under
        // its row (it was rows only, without NMT's 'Other' and its Total: see SavedFilesAloneTest)
        assertThat(doc.path("sources").get(0).asText()).isEqualTo("jdk25-summary.txt: NMT report (VM.native_memory summary)");
        Cli.Result text = ok("analyze", fixture("nmt/jdk8-detail-mb.txt"));
        assertThat(text.out()).contains("NMT's view (VM.native_memory detail; committed, not resident)")
                .contains("committed is not resident");
    }

    @Test
    void gcLogsGiveTheirFindingsAloneAndBesideASnapshot() {
        assertThat(ids(ok("analyze", "--json", fixture("gclog/jdk17-metaspace.log")).json())).containsExactly("METASPACE_GROWTH");
        assertThat(ids(ok("analyze", "--json", fixture("gclog/jdk8-parallel-metadata.log")).json())).containsExactly("METASPACE_GROWTH");
        assertThat(ids(ok("analyze", "--json", fixture("gclog/jdk25-codecache.log")).json())).containsExactly("CODE_CACHE_FULL");
        JsonNode explicit = ok("analyze", "--json", fixture("gclog/jdk8-system-gc.log")).json();
        assertThat(ids(explicit)).containsExactly("EXPLICIT_FULL_GC");
        assertThat(explicit.path("findings").get(0).path("remedy").asText()).contains("Do not add -XX:+DisableExplicitGC");
        JsonNode both = ok("analyze", "--json", fixture("pmap/jdk17-smaps.txt"), fixture("pmap/jdk17-nmt-summary.txt"),
                fixture("gclog/jdk17-codecache.log")).json();
        assertThat(ids(both)).startsWith("CODE_CACHE_FULL").contains("LAZY_COMMIT");
        assertThat(both.path("memory").path("rss").asLong()).isPositive();
    }

    @Test
    void anHsErrLogGivesVersionFlagsNmtAndANativeOutOfMemoryFinding() throws IOException {
        JsonNode doc = ok("analyze", "--json", fixture("hserr/jdk25-heap-oom.log")).json();
        assertThat(doc.path("target").path("jdk").path("major").asInt()).isEqualTo(25);
        assertThat(doc.path("target").path("nmt").asText()).isEqualTo("summary");
        assertThat(category(doc, "java-heap").path("committed").asLong()).isEqualTo(32L << 20);
        assertThat(ids(doc)).doesNotContain("NATIVE_OUT_OF_MEMORY");
        Path nativeOom = tmp.resolve("hs_err_pid16258.log");
        Files.writeString(nativeOom, Files.readString(fixture("hserr/jdk17-heap-oom.log")).replace(
                "#  fatal error: OutOfMemory encountered: Java heap space\n",
                "# Native memory allocation (malloc) failed to allocate 1048576 bytes for AllocateHeap\n"));
        JsonNode crash = ok("analyze", "--json", nativeOom).json();
        assertThat(ids(crash)).startsWith("NATIVE_OUT_OF_MEMORY");
        assertThat(crash.path("findings").get(0).path("evidence").get(0).asText())
                .isEqualTo("hs_err_pid16258.log: native memory allocation (malloc) of 1.0 MiB failed for AllocateHeap");
    }

    @Test
    void badInputIsOneLineWithFileAndLineAndExitTwo() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.txt"));
        assertError(run("analyze", empty), "offheap analyze: " + empty + ": empty file");
        Path unknown = Files.writeString(tmp.resolve("notes.txt"), "\nhello world\n");
        assertError(run("analyze", unknown), "offheap analyze: " + unknown + ":1: not a format offheap analyze knows (");
        assertError(run("analyze", tmp.resolve("missing.txt")), "offheap analyze: " + tmp.resolve("missing.txt") + ": no such file");
        // a truncated file is read as far as it goes, with a warning that says where it ends
        Path cutNmt = Files.writeString(tmp.resolve("nmt.txt"), "Native Memory Tracking:\n\nTotal: reserved=12\n");
        Cli.Result r = run("analyze", cutNmt);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err().strip()).startsWith("offheap analyze: warning: nmt.txt:3: truncated").doesNotContain("\n");
        assertThat(r.out()).doesNotContain("native-memory.txt");
        Path corruptPmap = Files.writeString(tmp.resolve("pmap.txt"), "42:   java\nAddress Kbytes RSS Dirty Mode Mapping\nzz\n");
        assertError(run("analyze", corruptPmap), "offheap analyze: pmap.txt: no mapping rows");
        Cli.Result two = run("analyze", fixture("pmap/jdk17-smaps.txt"), fixture("pmap/jdk17-x.txt"));
        assertError(two, "offheap analyze: two /proc/PID/smaps files (");
    }

    private static void assertError(Cli.Result r, String start) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).startsWith(start).doesNotContain("\n");
    }

    private static Cli.Result ok(Object... args) {
        Cli.Result r = run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r;
    }

    private static Cli.Result run(Object... args) {
        return Cli.run(args);
    }

    static List<String> ids(JsonNode doc) {
        List<String> ids = new ArrayList<>();
        doc.path("findings").forEach(f -> ids.add(f.path("id").asText()));
        return ids;
    }

    private static List<String> names(JsonNode categories) {
        List<String> names = new ArrayList<>();
        categories.forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    private static JsonNode category(JsonNode doc, String name) {
        for (JsonNode c : doc.path("memory").path("categories")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no category " + name);
    }

    static Path fixture(String relative) {
        try {
            return Path.of(AnalyzeLooseFilesTest.class.getResource("/fixtures/" + relative).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
