package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.parse.Fixtures;
import dev.offheap.testing.Cli;
import dev.offheap.testing.TargetJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 'offheap analyze' of a capture sent from elsewhere: the 90% capture of a JVM leaking Unsafe memory (NMT off) that
 * the OOM killer ended 3 s later, recorded on this machine (fixtures/capture/SOURCES.md).
 */
class AnalyzeCaptureTest {
    private static final String CAPTURE = "20261207T042112Z-pid6290-limit_90pct";
    private Path root;
    private Path capture;

    @BeforeEach
    void copy() throws IOException {
        root = Files.createTempDirectory("offheap-analyze-capture");
        capture = root.resolve(CAPTURE);
        Path from = Fixtures.path("capture/jdk17-unsafe-leak-90pct");
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path to = capture.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    @AfterEach
    void remove() {
        TargetJvm.deleteTree(root);
    }

    @Test
    void theDiagnosisOfTheMomentNamesTheLeakFirstThenTheLimitWithWhyAndWhatFollowed() {
        Cli.Result r = Cli.run("analyze", capture, "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = r.json();
        List<String> ids = new ArrayList<>();
        doc.path("findings").forEach(f -> ids.add(f.path("id").asText() + " " + f.path("severity").asText()));
        assertThat(ids.get(0)).isEqualTo("NATIVE_MALLOC_GROWTH critical");
        assertThat(ids).contains("CONTAINER_LIMIT_RISK critical");
        assertThat(doc.path("findings").get(0).path("evidence").toString()).contains("malloc'ed and unexplained memory");
        String notes = doc.path("notes").toString();
        assertThat(notes).contains("capture of pid 6290 (dev.offheap.zoo.UnsafeLeak) at 2026-12-07T04:21:12.587Z by offheap watch",
                "the cgroup's working set reached 90% of the container's memory limit: 176 MiB of 192 MiB (92%)",
                "after the capture: killed by the OOM killer at 2026-12-07T04:21:15.350Z, 3 s after this capture",
                "growth from the window before the capture: 22 samples over ");
        assertThat(doc.path("memory").path("limit").asLong()).isEqualTo(192L << 20);
        assertThat(doc.path("target").path("pid").asLong()).isEqualTo(6290);

        Cli.Result text = Cli.run("analyze", capture);
        assertThat(text.out()).contains("[CRITICAL] NATIVE_MALLOC_GROWTH", "Note: capture of pid 6290");
        assertThat(text.out().indexOf("NATIVE_MALLOC_GROWTH")).isLessThan(text.out().indexOf("CONTAINER_LIMIT_RISK"));
    }

    @Test
    void withoutItsWindowACaptureIsItsSnapshotAloneAndSaysSo() throws IOException {
        Files.delete(capture.resolve("window.jsonl"));
        JsonNode doc = Cli.run("analyze", capture, "--json").json();
        List<String> ids = new ArrayList<>();
        doc.path("findings").forEach(f -> ids.add(f.path("id").asText()));
        assertThat(ids).doesNotContain("NATIVE_MALLOC_GROWTH").contains("CONTAINER_LIMIT_RISK");
        assertThat(doc.path("notes").toString()).contains("no window of samples in the capture: the findings are the snapshot's alone");
    }

    @Test
    void aFolderOfCapturesIsNoCaptureAndTheErrorNamesTheNewest() {
        Cli.Result r = Cli.run("analyze", root);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("offheap analyze: " + root + ": a folder of 1 captures; analyze one of them, e.g."
                + " 'offheap analyze " + capture + "' (the newest)");
    }

    @Test
    void aCaptureTxtThatDoesNotReadIsOneLineError() throws IOException {
        Files.writeString(capture.resolve("capture.txt"), "# offheap capture: why this folder was saved, by whom, and what became"
                + " of the JVM\npid: x\n");
        Cli.Result r = Cli.run("analyze", capture);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("offheap analyze: " + capture.resolve("capture.txt")
                + ": 'pid:' expected a number, found: \"x\"");
    }
}
