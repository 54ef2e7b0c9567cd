package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.report.Json;
import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'offheap run' as users start it, in its own process: the program's stdout and exit code pass through, the final
 * report comes at exit (text on stderr, --json on stdout after the program's output), and SIGINT to 'offheap run'
 * ends the run with a report of what was collected.
 */
class RunCommandTest {
    @TempDir
    Path tmp;

    @Test
    void passesStdoutAndExitCodeThroughAndReportsAtExit() throws Exception {
        Path out = tmp.resolve("run");
        Process p = offheap("run", "--json", "--watch-interval", "1s", "--out", out.toString(), "--jfr", "--",
                Jdk.JDK17.java().toString(), "-Xmx64m", "-cp", TargetJvm.zooClasspath(), "dev.offheap.zoo.DirectBufferLeak",
                "8", "8", "64", "5000", "3");
        try {
            CompletableFuture<String> stdout = read(p.getInputStream(), null);
            CompletableFuture<String> stderr = read(p.getErrorStream(), null);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(stderr.get()).isEqualTo(3);
            String text = stdout.get();
            assertThat(text).startsWith("ready\nheld ");
            JsonNode doc = Json.mapper().readTree(text.substring(text.indexOf("\n{") + 1));
            assertThat(ids(doc)).contains("DIRECT_MEMORY_UNLIMITED", "LAZY_COMMIT");
            assertThat(doc.path("target").path("nmt").asText()).isEqualTo("summary");
            assertThat(stderr.get()).contains("offheap run: java (pid ").contains("exited with code 3")
                    .contains("[INFO] LAZY_COMMIT");
            long pid = doc.path("target").path("pid").asLong();
            for (String kept : List.of("gc.log", "recording.jsonl", "report.json", "report.txt", "snapshot/smaps.txt",
                    "perf-" + pid + ".map")) {
                assertThat(out.resolve(kept)).as(kept).isRegularFile();
            }
            assertThat(Files.readString(out.resolve("gc.log"))).contains("[gc");
            // --jfr: JFR's recording, written at exit, and its repository (in the run's folder) removed once empty
            assertThat(out.resolve("recording.jfr")).isRegularFile();
            assertThat(out.resolve("jfr-repository")).doesNotExist();
            assertThat(stderr.get()).contains("offheap run: JFR recording kept in " + out.toAbsolutePath().resolve("recording.jfr"));
            assertThat(Path.of("/tmp/perf-" + pid + ".map")).doesNotExist();
        } finally {
            kill(p);
        }
    }

    @Test
    void sigintToOffheapRunGivesTheReportOfWhatWasCollected() throws Exception {
        Process p = offheap("run", "--watch-interval", "1s", "--", Jdk.JDK17.java().toString(), "-Xmx64m", "-cp",
                TargetJvm.zooClasspath(), "dev.offheap.zoo.DirectBufferLeak", "8", "1", "64");
        try {
            CountDownLatch ready = new CountDownLatch(1);
            CompletableFuture<String> stdout = read(p.getInputStream(), ready);
            CompletableFuture<String> stderr = read(p.getErrorStream(), null);
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("the program printed 'ready'").isTrue();
            Thread.sleep(2500);
            List<ProcessHandle> jvm = p.descendants().toList();
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor()).isZero();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(130);
            assertThat(stdout.get()).startsWith("ready\n");
            assertThat(stderr.get()).contains("stopped (Ctrl-C or SIGTERM to offheap run)")
                    .contains("the report of the last snapshot").contains("[INFO] DIRECT_MEMORY_UNLIMITED");
            assertThat(jvm).allMatch(h -> !h.isAlive());
        } finally {
            kill(p);
        }
    }

    /** offheap in a JVM of its own, SIGINT at its default ({@link Cli#command}). */
    private static Process offheap(String... args) throws IOException {
        List<String> cmd = Cli.command("-Xmx128m", "-XX:TieredStopAtLevel=1");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    }

    private static CompletableFuture<String> read(java.io.InputStream in, CountDownLatch ready) {
        // a thread per stream: blocking reads in the common pool would starve later tests (1 worker on 2 cores)
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread t = new Thread(() -> result.complete(readAll(in, ready)), "run-test-reader");
        t.setDaemon(true);
        t.start();
        return result;
    }

    private static String readAll(java.io.InputStream in, CountDownLatch ready) {
        StringBuilder sb = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                sb.append(line).append('\n');
                if (ready != null && line.equals("ready")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            sb.append("(read failed: ").append(e.getMessage()).append(')');
        }
        return sb.toString();
    }

    /** Kills what the test started, by handle: offheap run and the JVM it launched. */
    private static void kill(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already gone
            }
        }
    }

    private static List<String> ids(JsonNode doc) {
        List<String> ids = new ArrayList<>();
        doc.path("findings").forEach(f -> ids.add(f.path("id").asText()));
        return ids;
    }
}
