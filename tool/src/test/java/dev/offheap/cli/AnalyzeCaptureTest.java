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
 * the OOM killer ended 2 s later, with the growth profile taken at its first capture, recorded on this machine
 * (fixtures/capture/SOURCES.md).
 */
class AnalyzeCaptureTest {
    private static final String CAPTURE = "20261207T055726Z-pid28714-limit_90pct";
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
    void theDiagnosisOfTheMomentNamesTheLeakFirstWithItsCulpritThenTheLimitWithWhyAndWhatFollowed() {
        Cli.Result r = Cli.run("analyze", capture, "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = r.json();
        List<String> ids = new ArrayList<>();
        doc.path("findings").forEach(f -> ids.add(f.path("id").asText() + " " + f.path("severity").asText()));
        assertThat(ids.get(0)).isEqualTo("NATIVE_MALLOC_GROWTH critical");
        assertThat(ids).contains("CONTAINER_LIMIT_RISK critical");
        JsonNode first = doc.path("findings").get(0);
        assertThat(first.path("evidence").toString()).contains("malloc'ed and unexplained memory",
                "growth profile of 11.4 s saved with the capture", "profile: Java caller: dev.offheap.zoo.UnsafeLeak.main");
        // the culprit, from the saved growth profile (sampled page faults), as 'watch --profile' joins it
        assertThat(first.path("culprit").path("javaMethod").asText()).isEqualTo("dev.offheap.zoo.UnsafeLeak.main");
        assertThat(first.path("culprit").path("library").asText()).isEqualTo("libjvm.so");
        assertThat(first.path("summary").asText()).contains("Growth profile: Unsafe.allocateMemory memory of"
                + " dev.offheap.zoo.UnsafeLeak.main grows RSS by ");
        String notes = doc.path("notes").toString();
        assertThat(notes).contains("capture of pid 28714 (dev.offheap.zoo.UnsafeLeak) at 2026-12-07T05:57:26.448Z by offheap watch",
                "the cgroup's working set reached 90% of the container's memory limit: 179 MiB of 192 MiB (93%)",
                "after the capture: killed by the OOM killer at 2026-12-07T05:57:28.757Z, 2 s after this capture",
                "growth from the window before the capture: 20 samples over ",
                "growth profile of 11.4 s saved with the capture (taken at the JVM's first capture that saw native growth):"
                        + " Unsafe.allocateMemory memory of dev.offheap.zoo.UnsafeLeak.main grows RSS by ");
        assertThat(doc.path("memory").path("limit").asLong()).isEqualTo(192L << 20);
        assertThat(doc.path("target").path("pid").asLong()).isEqualTo(28714);

        Cli.Result text = Cli.run("analyze", capture);
        assertThat(text.out()).contains("[CRITICAL] NATIVE_MALLOC_GROWTH", "Note: capture of pid 28714");
        assertThat(text.out().indexOf("NATIVE_MALLOC_GROWTH")).isLessThan(text.out().indexOf("CONTAINER_LIMIT_RISK"));
    }

    @Test
    void withoutItsWindowACaptureIsItsSnapshotWithItsGrowthProfilesFindingsAndSaysSo() throws IOException {
        Files.delete(capture.resolve("window.jsonl"));
        JsonNode doc = Cli.run("analyze", capture, "--json").json();
        List<String> ids = new ArrayList<>();
        doc.path("findings").forEach(f -> ids.add(f.path("id").asText()));
        assertThat(ids).doesNotContain("NATIVE_MALLOC_GROWTH").contains("CONTAINER_LIMIT_RISK", "UNSAFE_MEMORY_GROWTH");
        assertThat(doc.path("notes").toString()).contains("no window of samples in the capture: the findings are the snapshot's alone",
                "growth profile of 11.4 s saved with the capture (taken at the JVM's first capture that saw native growth): its"
                        + " findings added");
        for (JsonNode f : doc.path("findings")) {
            if (f.path("id").asText().equals("UNSAFE_MEMORY_GROWTH")) {
                assertThat(f.path("culprit").path("javaMethod").asText()).isEqualTo("dev.offheap.zoo.UnsafeLeak.main");
            }
        }
    }

    @Test
    void withoutItsGrowthProfileTheLeakIsFirstWithoutACulprit() throws IOException {
        Files.delete(capture.resolve("growth-profile.txt"));
        JsonNode doc = Cli.run("analyze", capture, "--json").json();
        assertThat(doc.path("findings").get(0).path("id").asText()).isEqualTo("NATIVE_MALLOC_GROWTH");
        assertThat(doc.path("findings").get(0).has("culprit")).isFalse();
        assertThat(doc.path("notes").toString()).doesNotContain("growth profile of");
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
