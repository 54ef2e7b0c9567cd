package dev.offheap.fuzz;

import dev.offheap.testing.Cli;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code offheap analyze} end to end on what people send: a loose file of any kind (recognised by content, then
 * parsed, analysed and rendered as text, JSON or HTML) and a collect folder with its MANIFEST.txt (a {@link Bundle}).
 * It must exit 0, 1 or 2, and on 2 say why in one line; exit 70 (an internal error) is a bug.
 */
class AnalyzeFuzzTest {
    @FuzzTest(maxDuration = "120s")
    void looseFile(byte[] data) throws IOException {
        Path dir = Scratch.empty();
        Path file = dir.resolve("input");
        Files.write(file, data);
        analyze(dir, file, data.length % 3);
    }

    @FuzzTest(maxDuration = "120s")
    void collectFolder(byte[] data) throws IOException {
        Path dir = Scratch.empty();
        Path folder = Files.createDirectory(dir.resolve("saved"));
        Bundle.write(Bundle.split(data), folder);
        analyze(dir, folder, data.length % 3);
    }

    /**
     * One run, as the input's length falls (a run costs tens of milliseconds): 0 JSON, 1 text, 2 text and an HTML
     * page (its charts scale to whatever the input holds).
     */
    private static void analyze(Path dir, Path input, int mode) {
        Path html = dir.resolve("report.html");
        Cli.Result r = switch (mode) {
            case 0 -> Cli.run("analyze", input, "--json");
            case 1 -> Cli.run("analyze", input);
            default -> Cli.run("analyze", input, "--html", html);
        };
        if (r.exitCode() == 2) {
            Untrusted.oneLine("error", r.err().strip());
        } else if (r.exitCode() != 0 && r.exitCode() != 1) {
            throw new AssertionError("offheap analyze exited " + r.exitCode() + ": " + r.err());
        } else if (mode == 0) {
            r.json();
        }
        List<Path> left = Scratch.leftovers(dir, mode == 2 && r.exitCode() != 2 ? List.of(input, html) : List.of(input));
        if (!left.isEmpty()) {
            throw new AssertionError("offheap analyze left files behind: " + left);
        }
    }
}
