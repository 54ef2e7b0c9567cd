package dev.offheap.bench;

import dev.offheap.cli.HeapProfileAnalysis;
import dev.offheap.cli.Main;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Symbolization speed on one heap profile, offheap against {@code jeprof --text} on the same file, in one run, as
 * users meet it: every offheap figure is a fresh JVM with the launcher's own JVM options (read from {@code ./offheap}),
 * so cold (interpreted, then C1) code and the class-data archive count as they do for a user. Three figures, best
 * of 3 each with the spread: the symbolization alone (parse, ELF symbols and DWARF, perf map, scaling: the first
 * {@code HeapProfileAnalysis.sites} call of a fresh JVM), the whole {@code ./offheap analyze FILE} command, and jeprof.
 * Makes the profile by running the zstd-jni zoo program under {@code offheap run --jemalloc} (or takes a .heap file).
 * Run after {@code mvn package}: {@code java -cp <test class path> dev.offheap.bench.SymbolizeBench [FILE.heap]}
 */
public final class SymbolizeBench {
    private static final int RUNS = 3;

    private SymbolizeBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--once")) {
            once(Path.of(args[1]));
            return;
        }
        Path root = repositoryRoot();
        Path dir = Files.createTempDirectory("offheap-bench-");
        try {
            Path heap = args.length > 0 ? Path.of(args[0]) : makeProfile(dir);
            System.out.println("profile: " + heap + " (" + Files.size(heap) + " bytes)");
            List<String> jvmOptions = launcherJvmOptions(root);
            System.out.println("launcher JVM options: " + String.join(" ", jvmOptions));
            // the command first: the launcher rebuilds a stale jar and its class-data archive
            long[] command = times(() -> run(List.of(root.resolve("offheap").toString(), "analyze", heap.toString())));
            long[] alone = new long[RUNS];
            for (int i = 0; i < RUNS; i++) {
                alone[i] = symbolizeInFreshJvm(root, jvmOptions, heap);
            }
            Arrays.sort(alone);
            long[] jeprof = times(() -> run(List.of("jeprof", "--text", Jdk.JDK17.java().toString(), heap.toString())));
            System.out.println("stacks symbolized by offheap: " + HeapProfileAnalysis.sites(heap, options(heap), w -> { }, new ArrayList<>()).size());
            print("offheap symbolization (fresh JVM)", alone, jeprof);
            print("offheap analyze FILE (whole command)", command, jeprof);
            print("jeprof --text", jeprof, null);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** In the child JVM: one symbolization, cold, timed; prints the nanoseconds. */
    private static void once(Path heap) {
        long t0 = System.nanoTime();
        HeapProfileAnalysis.sites(heap, options(heap), w -> { }, new ArrayList<>());
        System.out.println(System.nanoTime() - t0);
    }

    private static HeapProfileAnalysis.Options options(Path heap) {
        Path dir = heap.toAbsolutePath().getParent();
        return new HeapProfileAnalysis.Options(null, List.of(dir.resolve("libs")), null, null, 10, null);
    }

    private static long symbolizeInFreshJvm(Path root, List<String> jvmOptions, Path heap) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Jdk.JDK17.java().toString());
        // relative to the launcher's folder, as the launcher names them; the jar first, so the class-data archive applies
        jvmOptions.forEach(o -> cmd.add(o.replace("$jsa", root.resolve("tool/target/offheap.jsa").toString())));
        cmd.add("-cp");
        cmd.add(root.resolve("tool/target/offheap.jar") + java.io.File.pathSeparator + System.getProperty("java.class.path"));
        cmd.addAll(List.of(SymbolizeBench.class.getName(), "--once", heap.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("symbolizing in a fresh JVM failed: " + cmd);
        }
        return Long.parseLong(out);
    }

    /**
     * The launcher's JVM options for 'analyze': its {@code jvm_opts=(...)} line, and the class-data archive it adds
     * when one was trained ('heap' alone switches to C2).
     */
    static List<String> launcherJvmOptions(Path root) throws Exception {
        String line = Files.readAllLines(root.resolve("offheap")).stream().map(String::strip)
                .filter(l -> l.startsWith("jvm_opts=(")).findFirst().orElseThrow(() -> new IllegalStateException("no jvm_opts in ./offheap"));
        List<String> options = new ArrayList<>(List.of(line.substring("jvm_opts=(".length(), line.lastIndexOf(')')).split("\\s+")));
        if (Files.isRegularFile(root.resolve("tool/target/offheap.jsa"))) {
            options.addAll(List.of("-XX:SharedArchiveFile=$jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        return options;
    }

    private interface Run {
        void run() throws Exception;
    }

    private static long[] times(Run r) throws Exception {
        long[] t = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        return t;
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", cmd));
        }
    }

    private static void print(String what, long[] sorted, long[] jeprof) {
        System.out.printf("%-38s best %7.1f ms (of %d: %s ms)%s%n", what, sorted[0] / 1e6, sorted.length,
                String.join(", ", Arrays.stream(sorted).mapToObj(t -> String.format("%.0f", t / 1e6)).toList()),
                jeprof == null ? "" : String.format(", jeprof/this: %.1fx", (double) jeprof[0] / sorted[0]));
    }

    private static Path repositoryRoot() throws Exception {
        // test classes live in <root>/tool/target/test-classes
        Path classes = Path.of(SymbolizeBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path root = classes.getParent().getParent().getParent();
        if (!Files.isRegularFile(root.resolve("offheap"))) {
            throw new IllegalStateException("no launcher ./offheap above " + classes);
        }
        return root;
    }

    private static Path makeProfile(Path dir) throws Exception {
        Writer sink = new StringWriter();
        int code = Main.run(new String[] {"run", "--jemalloc", "--dump-every", "28", "--out", dir.toString(), "--json", "--",
            Jdk.JDK17.java().toString(), "-Xmx64m", "-cp", TargetJvm.zooClasspath(), "dev.offheap.zoo.ZstdLeak", "100", "20", "3000", "warm"},
                new PrintWriter(sink), new PrintWriter(sink));
        if (code != 0) {
            throw new IllegalStateException("offheap run failed: " + sink);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".f.heap")).findFirst().orElseThrow();
        }
    }
}
