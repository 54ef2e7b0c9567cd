package dev.offheap.bench;

import dev.offheap.cli.HeapProfileAnalysis;
import dev.offheap.cli.Main;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Symbolization speed on one heap profile: offheap (parse, ELF symbols, perf map, scaling) against
 * {@code jeprof --text} on the same file, best of 3 each, in one run. Makes the profile by running the zstd-jni zoo
 * program under {@code offheap run --jemalloc} (or takes a .heap file as argument).
 * Run: {@code java -cp <test class path> dev.offheap.bench.SymbolizeBench [FILE.heap]}
 */
public final class SymbolizeBench {
    private SymbolizeBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("offheap-bench-");
        try {
            Path heap = args.length > 0 ? Path.of(args[0]) : makeProfile(dir);
            System.out.println("profile: " + heap + " (" + Files.size(heap) + " bytes)");
            long ours = Long.MAX_VALUE;
            long jeprof = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                int sites = HeapProfileAnalysis.sites(heap, new HeapProfileAnalysis.Options(null, List.of(dir.resolve("libs")),
                        null, null, 10, null), w -> { }, new ArrayList<>()).size();
                ours = Math.min(ours, System.nanoTime() - t0);
                t0 = System.nanoTime();
                Process p = new ProcessBuilder("jeprof", "--text", Jdk.JDK17.java().toString(), heap.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                p.waitFor();
                jeprof = Math.min(jeprof, System.nanoTime() - t0);
                if (i == 0) {
                    System.out.println("stacks symbolized by offheap: " + sites);
                }
            }
            System.out.printf("offheap: %.1f ms, jeprof --text: %.1f ms, ratio jeprof/offheap: %.1fx%n",
                    ours / 1e6, jeprof / 1e6, (double) jeprof / ours);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path makeProfile(Path dir) throws Exception {
        Writer sink = new StringWriter();
        int code = Main.run(new String[] {"run", "--jemalloc", "--dump-every", "28", "--out", dir.toString(), "--json", "--",
            Jdk.JDK17.java().toString(), "-Xmx64m", "-cp", TargetJvm.zooClasspath(), "dev.offheap.zoo.ZstdLeak", "100", "20", "3000"},
                new PrintWriter(sink), new PrintWriter(sink));
        if (code != 0) {
            throw new IllegalStateException("offheap run failed: " + sink);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".f.heap")).findFirst().orElseThrow();
        }
    }
}
