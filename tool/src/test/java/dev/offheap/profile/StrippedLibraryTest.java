package dev.offheap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.NativeLibraryLeak;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JNI library that is stripped, deleted once loaded and not named *.so (the zoo's NativeLibraryLeak with a library
 * built here from native/leak.c): the growth profile names it as a library all the same, and the code no symbol covers
 * is shown as "[library]", never as the exported label of no size that async-profiler names it after, in the growth
 * profile and in the malloc profile.
 */
class StrippedLibraryTest {
    @TempDir
    Path scratch;

    @Test
    void codeNoSymbolCoversIsShownAsItsLibraryNotAsTheNearestLabelWithoutSize() throws Exception {
        Path lib = build("libleak-stripped.bin");
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, NativeLibraryLeak.class).jvmArgs("-Xmx64m")
                .args(lib.toString(), "delete", "16", "256").start()) {
            assertThat(lib).as("deleted once loaded").doesNotExist();
            Cli.Result r = Cli.run("profile", t.pid(), "--duration", "6s", "--json");
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode p = r.json().path("profile");
            JsonNode first = p.path("grew").path(0);
            assertThat(first.path("javaClass").asText()).isEqualTo("dev.offheap.zoo.NativeLibraryLeak");
            assertThat(first.path("library").asText()).isEqualTo("libleak-stripped.bin");
            assertThat(first.path("libraryPath").asText()).endsWith("/libleak-stripped.bin (deleted)");
            List<String> frames = new ArrayList<>();
            p.path("grew").forEach(g -> g.path("frames").forEach(f -> frames.add(f.path("name").asText())));
            assertThat(frames).doesNotContain("zero_size_export").contains("[libleak-stripped.bin]");
            List<String> notes = new ArrayList<>();
            p.path("notes").forEach(n -> notes.add(n.asText()));
            assertThat(notes).contains("frames of libleak-stripped.bin that no symbol covers are shown as [libleak-stripped.bin]:"
                    + " async-profiler named them zero_size_export, the nearest earlier symbol, which has no size");
            JsonNode finding = r.json().path("findings").path(0);
            assertThat(finding.path("id").asText()).isEqualTo("JNI_LIBRARY_LEAK");
            assertThat(finding.path("culprit").path("library").asText()).isEqualTo("libleak-stripped.bin");

            // the malloc profile reads async-profiler's names too: the same frames, the same correction
            Cli.Result m = Cli.run("profile", t.pid(), "--malloc", "--exact", "--duration", "3s", "--json");
            assertThat(m.exitCode()).as(m.err()).isZero();
            List<String> mallocFrames = new ArrayList<>();
            m.json().path("profile").path("leaked").forEach(site -> site.path("frames").forEach(f -> mallocFrames.add(f.path("name").asText())));
            assertThat(mallocFrames).doesNotContain("zero_size_export").contains("[libleak-stripped.bin]");
        }
    }

    /** native/leak.c with a label of no size before its internal function, built and stripped into the test's folder. */
    private Path build(String name) throws Exception {
        Path source = Path.of(getClass().getResource("/native/leak.c").toURI());
        Path out = scratch.resolve(name);
        Path include = Jdk.JDK17.home().resolve("include");
        run("gcc", "-O2", "-fPIC", "-shared", "-DZERO_SIZE_EXPORT", "-I" + include, "-I" + include.resolve("linux"), "-o", out.toString(),
                source.toString());
        run("strip", "--strip-all", out.toString());
        return out;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finishes", command[0]).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
    }
}
