package dev.offheap.cli;

import dev.offheap.model.InputException;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import dev.offheap.report.RecordingJson;
import dev.offheap.testing.Cli;
import dev.offheap.testing.SyntheticHeap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --html FILE} on the commands: the page is written beside the usual output, atomically, or refused early. */
class HtmlOptionTest {
    // excerpt of a real dump of the zstd-jni zoo under offheap run --jemalloc
    static final String HEAP_V2 = dev.offheap.parse.profiles.HeapProfileFormatsTest.HEAP;

    @TempDir
    Path tmp;

    @Test
    void analyzeOfACollectFolderWritesTheSnapshotPageAndStillPrintsTheText() throws Exception {
        Path page = tmp.resolve("report.html");
        Cli.Result r = Cli.run("analyze", HtmlTestInputs.FIXTURE, "--html", page);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("RSS 113 MiB: 64.0 MiB direct buffers");
        assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>").contains("<title>offheap report",
                "Content-Security-Policy", "DIRECT_MEMORY_UNLIMITED").doesNotContain("<script");
        assertThat(files()).containsExactly("report.html");
    }

    @Test
    void analyzeOfARecordingWritesTheWatchPageAndJsonStaysAlone() throws Exception {
        Recording rec = HtmlTestInputs.growingWatch().recording();
        List<String> lines = new ArrayList<>(List.of(RecordingJson.header(rec, "test")));
        for (Sample s : rec.samples()) {
            lines.add(RecordingJson.sample(s));
        }
        lines.add(RecordingJson.finalFindings(List.of()));
        Path file = tmp.resolve("app.jsonl");
        Files.write(file, lines);
        Path page = tmp.resolve("watch.html");
        Cli.Result r = Cli.run("analyze", file, "--json", "--html", page);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("schema").asText()).isEqualTo("offheap/1");
        assertThat(Files.readString(page)).contains("<title>offheap watch", "<polygon", "DIRECT_BUFFER_GROWTH");
    }

    @Test
    void analyzeOfAHeapProfileWritesTheProfilePageWithItsFlameGraph() throws Exception {
        Path heap = tmp.resolve("jeprof.999999999.0.f.heap");
        Files.writeString(heap, HEAP_V2);
        Path page = tmp.resolve("profile.html");
        Cli.Result r = Cli.run("analyze", heap, "--html", page);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(page)).contains("<title>offheap analyze: jeprof.999999999.0.f.heap",
                "class=\"flame\"", "Allocated at the dump");
    }

    @Test
    void heapWritesThePageOfItsViews() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SyntheticHeap h = new SyntheticHeap(out, 8, false)) {
            h.w.root(0x01, h.objectArray(h.directBuffer(1 << 20)), 0);
            h.directBuffer(2 << 20);
            h.rootCleaners();
        }
        Path dump = tmp.resolve("x.hprof");
        Files.write(dump, out.toByteArray());
        Path page = tmp.resolve("heap.html");
        Cli.Result r = Cli.run("heap", dump, "--html", page);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(page, StandardCharsets.UTF_8)).contains("<title>offheap heap", "Holders of reachable buffers",
                "2 direct buffers own 3.0 MiB of native memory (1 unreachable, 2.0 MiB waiting for a GC)");
    }

    @Test
    void aMissingFolderIsABadUsageFoundBeforeTheTargetIsTouched() {
        Path page = tmp.resolve("no/such/report.html");
        Cli.Result r = Cli.run("report", "999999999", "--html", page);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("offheap report: --html " + page + ": no such folder " + tmp.resolve("no/such"));
        Cli.Result w = Cli.run("watch", "999999999", "--html", tmp);
        assertThat(w.exitCode()).isEqualTo(2);
        assertThat(w.err()).contains("--html " + tmp + ": is a folder; give a file name");
    }

    @Test
    void psHasNoHtmlReport() {
        Cli.Result r = Cli.run("ps", "--html", tmp.resolve("ps.html"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'offheap ps' has no HTML report");
        assertThat(tmp.resolve("ps.html")).doesNotExist();
    }

    @Test
    void thePageReplacesAnOldFileWholeAndAFailedWriteLeavesNoTemporaryFile() throws Exception {
        Path page = tmp.resolve("r.html");
        Files.writeString(page, "old");
        HtmlFile.write(page, "<!DOCTYPE html>new");
        assertThat(Files.readString(page)).isEqualTo("<!DOCTYPE html>new");
        Path folder = Files.createDirectories(tmp.resolve("taken.html/inside"));
        assertThatThrownBy(() -> HtmlFile.write(folder.getParent(), "page")).isInstanceOf(InputException.class)
                .hasMessageStartingWith("--html " + folder.getParent() + ": cannot write: ");
        assertThat(files()).containsExactlyInAnyOrder("r.html", "taken.html");
    }

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
