package dev.offheap.fuzz;

import dev.offheap.testing.Cli;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code offheap analyze} end to end on what people send: a loose file of any kind (recognised by content, then
 * parsed, analysed and rendered as text and JSON) and a collect folder with its MANIFEST.txt (a {@link Bundle}).
 * It must exit 0, 1 or 2, and on 2 say why in one line; exit 70 (an internal error) is a bug.
 */
class AnalyzeFuzzTest {
    @FuzzTest(maxDuration = "120s")
    void looseFile(byte[] data) throws IOException {
        Path dir = Scratch.empty();
        Path file = dir.resolve("input");
        Files.write(file, data);
        analyze(dir, file, data.length % 2 == 0);
    }

    @FuzzTest(maxDuration = "120s")
    void collectFolder(byte[] data) throws IOException {
        Path dir = Scratch.empty();
        Path folder = Files.createDirectory(dir.resolve("saved"));
        Bundle.write(Bundle.split(data), folder);
        analyze(dir, folder, data.length % 2 == 0);
    }

    /** One run (text or JSON, as the input's length falls: a run costs tens of milliseconds). */
    private static void analyze(Path dir, Path input, boolean json) {
        Cli.Result r = json ? Cli.run("analyze", input, "--json") : Cli.run("analyze", input);
        if (r.exitCode() == 2) {
            Untrusted.oneLine("error", r.err().strip());
        } else if (r.exitCode() != 0 && r.exitCode() != 1) {
            throw new AssertionError("offheap analyze exited " + r.exitCode() + ": " + r.err());
        } else if (json) {
            r.json();
        }
        List<Path> left = Scratch.leftovers(dir, List.of(input));
        if (!left.isEmpty()) {
            throw new AssertionError("offheap analyze left files behind: " + left);
        }
    }
}
