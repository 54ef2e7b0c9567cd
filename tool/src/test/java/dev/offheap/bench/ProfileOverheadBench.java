package dev.offheap.bench;

import dev.offheap.cli.Main;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.CompressLoop;
import dev.offheap.zoo.MallocLoop;
import dev.offheap.zoo.ServiceLoad;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cost of {@code offheap profile} to its target, over the settings that matter: sampling interval, native stack
 * walker, free tracking, and the allocation mix (the zoo's MallocLoop: 256-byte malloc/free as fast as one thread
 * can; CompressLoop: java.util.zip Deflater on 64 KiB; ServiceLoad: 1000 requests/s with 4 mallocs each).
 *
 * <p>Each measurement is a fresh target JVM (a profiled JVM keeps async-profiler's malloc hooks, idle, after the
 * profile): warm-up, then CPU time per operation of the target process without the profiler (the baseline, in the
 * same run and JVM), while profiling, after it (hooks idle), and while profiling a second time (the profiler already
 * loaded: what a profile costs without the one-time load of the library and its symbol tables). The settings run in a different order each round; the ratios
 * printed are profiled / baseline per round, then their median and range over the rounds.
 * Run: {@code bench/profile-overhead.sh [ROUNDS] [SECONDS] [WORKLOAD...]} (workloads: malloc256, zip, service).
 */
public final class ProfileOverheadBench {
    private static final Map<String, Class<?>> WORKLOADS = new LinkedHashMap<>();

    static {
        WORKLOADS.put("malloc256", MallocLoop.class);
        WORKLOADS.put("zip", CompressLoop.class);
        WORKLOADS.put("service", ServiceLoad.class);
    }

    /** One setting of offheap profile: its command-line options beyond the pid and the duration. */
    record Setting(String label, List<String> options) {
    }

    private ProfileOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        List<String> workloads = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : List.copyOf(WORKLOADS.keySet());
        List<Setting> settings = settings(System.getProperty("bench.settings", "all"));
        System.out.printf(Locale.ROOT, "%d rounds, %d s windows, %d cores%n", rounds, seconds, Runtime.getRuntime().availableProcessors());
        for (String w : workloads) {
            Class<?> main = WORKLOADS.get(w);
            if (main == null) {
                throw new IllegalArgumentException("unknown workload " + w + " (expected one of " + WORKLOADS.keySet() + ")");
            }
            Map<Setting, List<double[]>> results = new LinkedHashMap<>();
            settings.forEach(s -> results.put(s, new ArrayList<>()));
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < settings.size(); i++) {
                    Setting s = settings.get((i + r) % settings.size()); // another order each round
                    double[] m = measure(main, s, seconds);
                    results.get(s).add(m);
                    System.out.printf(Locale.ROOT, "  %s %-28s round %d: base %.1f ns/op, profiled %.3fx, after %.3fx, again %.3fx%n",
                            w, s.label(), r + 1, m[0], m[1] / m[0], m[2] / m[0], m[3] / m[0]);
                }
            }
            System.out.printf(Locale.ROOT, "%n%s: cost per operation, profiled / baseline (median [min-max] of %d rounds)%n", w, rounds);
            System.out.printf(Locale.ROOT, "  %-28s %-26s %-26s %-26s%n", "setting", "while profiling", "after (hooks idle)",
                    "profiling again (loaded)");
            results.forEach((s, ms) -> System.out.printf(Locale.ROOT, "  %-28s %-26s %-26s %-26s%n", s.label(),
                    summary(ms, 1), summary(ms, 2), summary(ms, 3)));
            System.out.println();
        }
    }

    static List<Setting> settings(String which) {
        List<Setting> out = new ArrayList<>();
        out.add(new Setting("default", List.of()));
        if (which.equals("default")) {
            return out;
        }
        out.add(new Setting("--exact", List.of("--exact")));
        for (String interval : List.of("0", "64k", "512k", "2m")) {
            for (String frees : List.of("all", "none")) {
                out.add(new Setting("interval " + interval + " dwarf frees " + frees, List.of("--interval", interval, "--frees", frees)));
            }
        }
        for (String cstack : List.of("fp", "vm", "no")) {
            out.add(new Setting("interval 512k " + cstack + " frees none", List.of("--interval", "512k", "--cstack", cstack, "--frees", "none")));
        }
        return out;
    }

    /**
     * {baseline ns/op, profiled ns/op, after ns/op, again ns/op}: CPU time of the whole target process per operation;
     * "profiled" over the profile's --duration from the command's start (the default may end earlier: the rest, with
     * the hooks idle, counts too), "after" in the window that follows, "again" over a second profile of the same JVM.
     */
    private static double[] measure(Class<?> main, Setting s, int seconds) throws Exception {
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, main).jvmArgs("-Xmx64m", "-XX:+UseSerialGC").start()) {
            Thread.sleep(3000); // JIT warm-up
            long from = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double base = cost(t, from, System.nanoTime());
            double profiled = profile(t, s, seconds + 2);
            from = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double after = cost(t, from, System.nanoTime());
            double again = profile(t, s, seconds + 2);
            return new double[] {base, profiled, after, again};
        }
    }

    /** Profiles for {@code duration} seconds with setting {@code s}; the target's CPU time per operation meanwhile. */
    private static double profile(TargetJvm t, Setting s, int duration) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("profile", String.valueOf(t.pid()), "--duration", duration + "s", "--json"));
        cmd.addAll(s.options());
        StringWriter sink = new StringWriter();
        long start = System.nanoTime();
        int code = Main.run(cmd.toArray(String[]::new), new PrintWriter(sink), new PrintWriter(sink));
        long end = start + duration * 1_000_000_000L;
        Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000)); // a profile that ends early is measured over its --duration
        if (code != 0) {
            throw new IllegalStateException("offheap " + String.join(" ", cmd) + " exited " + code + ": " + sink);
        }
        return cost(t, start, end);
    }

    // "work ops=123000 cpu=4567000000 wall=890000000000" (wall: System.nanoTime, the same clock in every process)
    private static double cost(TargetJvm t, long fromNanos, long toNanos) {
        long[] first = null;
        long[] last = null;
        for (String line : t.output().split("\n")) {
            if (line.startsWith("work ")) {
                long[] v = Arrays.stream(line.substring(5).trim().split(" ")).mapToLong(kv -> Long.parseLong(kv.substring(kv.indexOf('=') + 1))).toArray();
                if (v[2] >= fromNanos && v[2] <= toNanos) {
                    if (first == null) {
                        first = v;
                    }
                    last = v;
                }
            }
        }
        if (first == null || last[0] == first[0]) {
            throw new IllegalStateException("no work reported by the target between two points in time: " + t.output());
        }
        return (double) (last[1] - first[1]) / (last[0] - first[0]);
    }

    private static String summary(List<double[]> ms, int column) {
        double[] ratios = ms.stream().mapToDouble(m -> m[column] / m[0]).sorted().toArray();
        double median = ratios.length % 2 == 1 ? ratios[ratios.length / 2] : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
        return String.format(Locale.ROOT, "%.3f [%.3f-%.3f]", median, ratios[0], ratios[ratios.length - 1]);
    }
}
