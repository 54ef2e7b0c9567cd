package dev.offheap.cli;

import static dev.offheap.cli.AnalyzeLooseFilesTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'offheap analyze' of JFR recordings (the fixtures recorded from zoo leaks): alone, the report of a watch in text,
 * JSON and HTML, with exit codes as documented; beside other files of the same JVM, analyzed as a watch they end; bad
 * or mixed inputs as one line, exit 2.
 */
class AnalyzeJfrTest {
    private static final String ZIP_25 = "jfr/jdk25-zip-leak.jfr";
    private static final String ZIP_17 = "jfr/jdk17-zip-leak.jfr";

    @TempDir
    Path tmp;

    @Test
    void aRecordingAloneGivesTheReportOfAWatchWithTheExitCodeOfItsFindings() throws IOException {
        Cli.Result text = Cli.run("analyze", fixture(ZIP_25));
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.err()).isEmpty();
        assertThat(text.out()).contains("offheap watch: pid 1, JDK 25.0.3+9-LTS, NMT off, ")
                .containsPattern("\\n  unexplained +\\d").contains("[WARNING] NATIVE_MALLOC_GROWTH");
        Cli.Result failing = Cli.run("analyze", "--fail-on", "warning", "--json", fixture(ZIP_25));
        assertThat(failing.exitCode()).isEqualTo(1);
        JsonNode doc = failing.json();
        assertThat(doc.path("schema").asText()).isEqualTo("offheap/1");
        assertThat(doc.path("series").get(0).path("rss").asLong()).isPositive();
        assertThat(doc.path("series").get(0).path("categories").has("unexplained")).isTrue();
        Path html = tmp.resolve("zip.html");
        assertThat(Cli.run("analyze", "--html", html, fixture(ZIP_25)).exitCode()).isZero();
        assertThat(Files.readString(html)).contains("<svg class=\"areas\"").contains("NATIVE_MALLOC_GROWTH");

        // JDK 17: no RSS, so nothing to fail on, and a page that says why there is no chart
        Cli.Result old = Cli.run("analyze", "--fail-on", "warning", "--json", fixture(ZIP_17));
        assertThat(old.exitCode()).as(old.err()).isZero();
        assertThat(old.json().path("series").get(0).path("rss").isNull()).isTrue();
        Path page = tmp.resolve("old.html");
        assertThat(Cli.run("analyze", "--html", page, fixture(ZIP_17)).exitCode()).isZero();
        assertThat(Files.readString(page)).contains("The recording has no RSS (a JFR recording of JDK 17 to 20)")
                .doesNotContain("<svg class=\"areas\"");
    }

    @Test
    void withAnNmtReportOfTheSameJvmTheRecordingIsAWatchThatEndsWithIt() throws IOException {
        // the recording's JVM ran as pid 1 (a PID namespace): an NMT report of that pid
        String nmt = Files.readString(fixture("nmt/jdk25-summary.txt")).replaceFirst("^4377:", "1:");
        Path report = Files.writeString(tmp.resolve("nmt.txt"), nmt);
        Cli.Result r = Cli.run("analyze", "--json", fixture(ZIP_25), report);
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.path("findings").get(0).path("id").asText()).isEqualTo("NATIVE_MALLOC_GROWTH");
        assertThat(doc.path("notes").toString()).contains("jdk25-zip-leak.jfr: ").contains(" samples over ")
                .contains("analyzed as a watch that ended with the other files");
        Cli.Result other = Cli.run("analyze", fixture(ZIP_25), fixture("nmt/jdk25-summary.txt"));
        assertError(other, "offheap analyze: jdk25-zip-leak.jfr: a recording of pid 1, the other files are of pid 4377:"
                + " give the files of one JVM");
    }

    @Test
    void badOrMixedInputsAreOneLineAndExitTwo() throws IOException {
        byte[] whole = Files.readAllBytes(fixture(ZIP_25));
        Path cut = Files.write(tmp.resolve("cut.jfr"), Arrays.copyOf(whole, 5000));
        assertError(Cli.run("analyze", cut), "offheap analyze: " + cut + ": cut at byte 5000 inside chunk 1 (from byte 0, "
                + whole.length + " bytes long by its header, 5000 present; the JDK's reader needs a chunk's end, where its"
                + " metadata is): nothing can be read");
        Path text = Files.writeString(tmp.resolve("rec.jfr"), "not a recording\n");
        assertError(Cli.run("analyze", text), "offheap analyze: " + text + ":1: not a format offheap analyze knows (");
        assertError(Cli.run("analyze", fixture(ZIP_25), fixture(ZIP_17)), "offheap analyze: " + fixture(ZIP_17)
                + ": give one JFR recording (the files of one JVM join into one: 'cat a.jfr b.jfr > both.jfr')");
        Path two = tmp.resolve("two.jfr");
        Files.write(two, whole);
        Files.write(two, whole, java.nio.file.StandardOpenOption.APPEND);
        Cli.Result joined = Cli.run("analyze", two);
        assertThat(joined.exitCode()).as(joined.err()).isZero();
        assertThat(joined.out()).contains("read from a JDK Flight Recorder recording (2 chunks,");
    }

    private static void assertError(Cli.Result r, String start) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).startsWith(start).doesNotContain("\n");
    }
}
