package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.testing.Cli;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * offheap's own JVM under the launcher's heap bound: a 50 MB NMT detail output is analyzed within the default 256m,
 * and the same file under a 16m heap ends in one line (exit 2) that names OFFHEAP_HEAP_MAX, not a stack trace.
 */
class ToolMemoryBoundTest {
    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/nmt/jdk17-detail-mb.txt");
    @TempDir
    static Path dir;
    private static Path big;

    /** The JDK 17 detail fixture with its thread-stack regions repeated at fresh addresses until the file is 50 MB. */
    @BeforeAll
    static void fiftyMegabytesOfNmtDetail() throws IOException {
        List<String> lines = Files.readAllLines(FIXTURE);
        List<String> stacks = new ArrayList<>();
        boolean vm = false;
        boolean inside = false;
        for (String l : lines) {
            if (l.startsWith("Virtual memory map:")) {
                vm = true;
            } else if (l.startsWith("Details:")) {
                vm = false;
            }
            if (l.startsWith("[0x")) {
                inside = l.contains("for Thread Stack");
            }
            if (vm && inside) {
                stacks.add(l);
            }
        }
        assertThat(stacks).as("thread-stack regions in %s", FIXTURE).isNotEmpty();
        long blockBytes = stacks.stream().mapToLong(l -> l.length() + 1).sum();
        int copies = (int) (50_000_000 / blockBytes) + 1;
        big = dir.resolve("nmt-detail-50mb.txt");
        try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            for (String l : lines) {
                if (l.startsWith("Details:")) {
                    for (int k = 1; k <= copies; k++) {
                        String prefix = String.format("0x%04x", k);
                        for (String s : stacks) {
                            w.write(s.replace("0x0000", prefix));
                            w.newLine();
                        }
                    }
                }
                w.write(l);
                w.newLine();
            }
        }
        assertThat(Files.size(big)).isGreaterThan(50_000_000);
    }

    @Test
    void analyzesFiftyMegabytesOfNmtDetailWithinTheDefaultHeap() throws Exception {
        Result r = offheap("256m", "analyze", big.toString());
        assertThat(r.code).as("stderr: %s", r.err).isZero();
        assertThat(r.out).contains("NMT detail").containsPattern("thread-stacks +\\S+ \\S+ +\\S+");
    }

    @Test
    void outOfHeapIsOneLineThatSaysWhatToRaise() throws Exception {
        Result r = offheap("16m", "analyze", big.toString());
        assertThat(r.code).as("stdout: %s", r.out).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err.strip().lines()).singleElement().asString()
                .startsWith("offheap analyze: out of memory (")
                .contains("OFFHEAP_HEAP_MAX=");
    }

    private record Result(int code, String out, String err) {
    }

    private static Result offheap(String heap, String... args) throws Exception {
        List<String> cmd = Cli.command("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:-UsePerfData");
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out-" + heap);
        Path err = dir.resolve("err-" + heap);
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("offheap ended").isTrue();
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }
}
