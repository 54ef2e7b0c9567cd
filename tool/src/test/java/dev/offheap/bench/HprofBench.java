package dev.offheap.bench;

import dev.offheap.parse.hprof.PrivateTempDir;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The heap-dump benchmark: generates dumps of the given sizes (MiB) into a private directory, then times in child
 * JVMs (with the launcher's JVM options) a bare walk, the views without reachability and with reachability, and
 * prints the fastest of three runs each, ratios to the bare walk and peak RSS against the file size. Not run by CI.
 * Usage: {@code HprofBench BASE_DIR SIZE_MIB...} (e.g. {@code /tmp 1024 4096}).
 */
public final class HprofBench {
    /**
     * The launcher's options for {@code heap} (C2 allowed, transparent huge pages where the kernel offers them);
     * -Dbench.c1=true measures with C1 only, as other commands run.
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:-UsePerfData",
            "-Xshare:auto");
    /** Each pass runs this many times (-Dbench.runs=N) and its fastest run counts: the machine may be shared. */
    private static final int RUNS = Integer.getInteger("bench.runs", 3);

    private HprofBench() {
    }

    record Measure(long millis, long hwmKiB, String result) {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        List<String> options = new ArrayList<>(JVM_OPTIONS);
        if (Boolean.getBoolean("bench.c1")) {
            options.set(options.indexOf("-XX:+TieredCompilation"), "-XX:TieredStopAtLevel=1");
        }
        if (hugePagesOffered() && !Boolean.getBoolean("bench.noHugePages")) {
            options.add("-XX:+UseTransparentHugePages");
        }
        System.out.println("child JVM options: " + String.join(" ", options));
        for (int i = 1; i < args.length; i++) {
            try (PrivateTempDir dir = PrivateTempDir.create(base, "offheap-bench")) {
                Path file = dir.resolve("synthetic.hprof");
                Path work = Files.createDirectory(dir.resolve("work"));
                System.out.println(run(List.of(), "dev.offheap.bench.HprofGenerator", file.toString(), args[i]).trim());
                try (FileChannel written = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    written.force(true); // the kernel writing the new dump back to disk would share the processors
                }
                long size = Files.size(file);
                run(options, "dev.offheap.bench.HprofBenchPass", "bare", file.toString(), work.toString());
                Measure bare = measure(options, "bare", file, work);
                Measure views = measure(options, "views", file, work);
                Measure reach = measure(options, "reach", file, work);
                report(size, bare, views, reach);
            }
        }
    }

    /** As the launcher: 'madvise' or 'always' in the kernel's setting. */
    private static boolean hugePagesOffered() throws IOException {
        Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        return Files.isReadable(setting) && Files.readString(setting).matches("(?s).*\\[(always|madvise)\\].*");
    }

    /** The fastest of {@link #RUNS} runs (with the largest peak RSS seen), each time printed. */
    private static Measure measure(List<String> options, String mode, Path file, Path work) throws Exception {
        Measure best = null;
        long hwm = 0;
        List<String> times = new ArrayList<>();
        for (int r = 0; r < RUNS; r++) {
            String out = run(options, "dev.offheap.bench.HprofBenchPass", mode, file.toString(), work.toString()).trim();
            String[] parts = out.substring(out.lastIndexOf("millis=")).split(" ");
            Measure m = new Measure(Long.parseLong(parts[0].substring(7)), Long.parseLong(parts[1].substring(7)),
                    parts[2].substring(7));
            times.add(String.format(Locale.ROOT, "%.2f", m.millis() / 1000.0));
            hwm = Math.max(hwm, m.hwmKiB());
            best = best == null || m.millis() < best.millis() ? m : best;
        }
        System.out.printf("  %s runs: %s s%n", mode, String.join(" ", times));
        return new Measure(best.millis(), hwm, best.result());
    }

    private static void report(long size, Measure bare, Measure views, Measure reach) {
        double mib = size / 1048576.0;
        System.out.printf(Locale.ROOT, "file %.0f MiB%n", mib);
        line("bare walk", bare, bare, size);
        line("views", views, bare, size);
        line("views + reachability", reach, bare, size);
        System.out.printf(Locale.ROOT, "result: views %s; reachability %s%n%n", views.result(), reach.result());
    }

    private static void line(String name, Measure m, Measure bare, long size) {
        System.out.printf(Locale.ROOT, "  %-22s %8.2f s  %5.2fx bare  %6.2f GB/s  peak RSS %6.0f MiB = %.2fx file%n", name,
                m.millis() / 1000.0, m.millis() / (double) bare.millis(), size / (m.millis() / 1000.0) / 1e9,
                m.hwmKiB() / 1024.0, m.hwmKiB() * 1024.0 / size);
    }

    private static String run(List<String> options, String main, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(options);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(main + " failed:\n" + out);
        }
        return out;
    }
}
