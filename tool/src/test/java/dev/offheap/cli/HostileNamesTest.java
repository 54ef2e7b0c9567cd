package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.parse.Fixtures;
import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.HostileNames;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live JVM whose main jar, library path, thread names (Java and kernel) and a class name hold terminal escape sequences,
 * newlines, HTML, 5,000 characters and bytes that are not UTF-8: the text output shows the names with their
 * control characters as {@code \\uXXXX} (none reaches the terminal, and a line feed cannot start a line of its own),
 * the JSON is valid and holds the names as
 * they are, the HTML page holds them inert.
 */
class HostileNamesTest {
    // the jar's file name: an OSC title sequence, a bell, a tag, a clear-screen sequence, then a newline
    private static final String JAR = "app\u001b]0;pwned\u0007<blink>\u001b[2Jx\ny.jar";
    // the library's folder, as printf(1) writes it: a clear-screen sequence, a right-to-left override, a tag, a
    // newline (the kernel shows it as \012 in maps). Bytes that are not UTF-8 are in the threads' kernel names: the
    // JDK cannot load a library from such a path (it decodes the name to find it)
    private static final String LIBRARY_FOLDER = "libs \\033[2J \\342\\200\\256 <blink>\\nend";

    @TempDir
    Path dir;

    @Test
    void namesFromTheTargetReachTheTerminalWithoutTheirControlCharacters() throws Exception {
        Path library = hostileLibrary();
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, HostileNames.class).jar(hostileJar())
                .jvmArgs("-Xmx64m", "-XX:NativeMemoryTracking=summary").args(library.toString()).start()) {
            String maps = Files.readString(Path.of("/proc/" + t.pid() + "/maps"), StandardCharsets.ISO_8859_1);
            assertThat(maps).as("the library is mapped under its hostile real name").contains("\u001b[2J \u00e2\u0080\u00ae <blink>\\012end");

            Cli.Result text = Cli.run("report", t.pid(), "--verbose");
            assertThat(text.exitCode()).as(text.err()).isIn(0, 1);
            assertNoControlCharacters(text.out());
            assertNoControlCharacters(text.err());
            // (the JVM's own java_command line ends at the jar name's line feed)
            assertThat(text.out()).as("the main jar, its escapes shown").contains("app\\u001b]0;pwned\\u0007<blink>\\u001b[2Jx");

            Cli.Result json = Cli.run("report", t.pid(), "--json");
            assertThat(json.exitCode()).as(json.err()).isIn(0, 1);
            assertNoControlCharacters(json.out());
            JsonNode doc = json.json();
            assertThat(doc.path("target").path("mainClass").asText()).as("JSON holds the name as it is")
                    .contains("/app\u001b]0;pwned\u0007<blink>\u001b[2Jx");

            Path html = dir.resolve("report.html");
            Cli.Result page = Cli.run("report", t.pid(), "--html", html);
            assertThat(page.exitCode()).as(page.err()).isIn(0, 1);
            String h = Files.readString(html);
            assertThat(h).doesNotContain("\u001b", "\u0007", "<blink>").contains("&lt;blink&gt;");

            // 250 ms: a watch refuses an interval that gives fewer than 4 samples (500 ms in 1 s gave 3; issue 25)
            Cli.Result watch = Cli.run("watch", t.pid(), "--interval", "250ms", "--duration", "1s");
            assertThat(watch.exitCode()).as(watch.err()).isIn(0, 1);
            assertNoControlCharacters(watch.out());
            assertNoControlCharacters(watch.err());

            // the class defined under a hostile name in three loaders: a duplicate class in the heap views
            String shown = HostileNames.CLASS_NAME.replace("\u001b", "\\u001b").replace("\u009b", "\\u009b")
                    .replace("\u0007", "\\u0007").replace("\u202e", "\\u202e").replace("\n", "\\u000a");
            Path heapPage = dir.resolve("heap.html");
            Cli.Result heap = Cli.run("heap", "--dump", t.pid(), "--html", heapPage);
            assertThat(heap.exitCode()).as(heap.err()).isIn(0, 1);
            assertNoControlCharacters(heap.out());
            assertNoControlCharacters(heap.err());
            assertThat(heap.out()).contains("  " + shown + ": 3 loaders\n", "culprit: class " + shown + "\n");
            assertThat(heap.out().lines()).noneMatch(l -> l.startsWith("line"));
            assertThat(Files.readString(heapPage)).doesNotContain("\u001b", "\u009b", "\u0007", "<blink>").contains("&lt;blink&gt;");

            Cli.Result heapJson = Cli.run("heap", "--dump", t.pid(), "--json");
            assertThat(heapJson.exitCode()).as(heapJson.err()).isIn(0, 1);
            assertThat(heapJson.json().path("heap").path("duplicateClasses").get(0).path("name").asText())
                    .as("JSON holds the class name as it is").isEqualTo(HostileNames.CLASS_NAME);
        }
    }

    /** Only tab and line feed: no C0 or C1 control, no DEL, no bidirectional override. */
    private static void assertNoControlCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 && c != '\t' && c != '\n' || c >= 0x7f && c <= 0x9f || c >= '\u202a' && c <= '\u202e';
            assertThat(control).as("character U+%04X at %d in: %s", (int) c, i, s).isFalse();
        }
    }

    /** A jar named {@link #JAR} whose manifest runs HostileNames from the zoo's classes. */
    private Path hostileJar() throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, HostileNames.class.getName());
        StringBuilder cp = new StringBuilder();
        for (String entry : TargetJvm.zooClasspath().split(java.io.File.pathSeparator)) {
            cp.append(Path.of(entry).toUri()).append(' ');
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.toString().strip());
        Path jar = dir.resolve(JAR);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return jar;
    }

    /**
     * The ELF fixture copied into {@link #LIBRARY_FOLDER} (made by the shell: Java cannot name bytes that are not
     * UTF-8), returned as a plain symlink to it: the kernel maps it under its real, hostile name.
     */
    private Path hostileLibrary() throws Exception {
        Path link = dir.resolve("plain.so");
        Process p = new ProcessBuilder("bash", "-c", "d=\"$1/$(printf \"$2\")\" && mkdir \"$d\" && cp \"$3\" \"$d/lib x.so\""
                + " && ln -s \"$d/lib x.so\" \"$4\"", "_", dir.toString(), LIBRARY_FOLDER,
                Fixtures.path("elf/libfixture.so").toString(), link.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        return link;
    }
}
