package dev.offheap.bench;

import dev.offheap.cli.Main;
import dev.offheap.proc.ProcReader;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.CompressLoop;
import dev.offheap.zoo.MallocLoop;
import dev.offheap.zoo.ServiceLoad;
import dev.offheap.zoo.UnsafeLeak;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cost of {@code offheap profile} to its target: the growth profile (sampled page faults, the default) and the malloc
 * profile ({@code --malloc}) over the settings that matter to it (sampling interval, native stack walker, free
 * tracking), on the zoo's MallocLoop (256-byte malloc/free as fast as one thread can), CompressLoop (java.util.zip
 * Deflater on 64 KiB), ServiceLoad (1000 requests/s with 4 mallocs each), leak10 (UnsafeLeak at 10 MiB/s: a
 * leaking service, whose cost is the target's extra CPU in % of one core rather than a ratio per operation) and
 * leak100 (100 MiB/s of new pages, freed at each GiB).
 *
 * <p>Each measurement is a fresh target JVM (a profiled JVM keeps async-profiler's hooks, idle, after the profile) and
 * beside it a control JVM running the same program on the same core (taskset), never profiled: warm-up, then the
 * target's CPU time per operation against the control's without the profiler (the baseline), while profiling, after
 * it (hooks idle), and while profiling a second time (the profiler already loaded: what a profile costs without the
 * one-time load of the library and its symbol tables). The settings run in a different order each round; the ratios
 * printed are profiled / baseline per round, then their median and range over the rounds.
 * Run: {@code bench/profile-overhead.sh [ROUNDS] [SECONDS] [WORKLOAD...]} (workloads: malloc256, zip, service, leak10, leak100;
 * {@code -Dbench.settings=default}: the growth profile and the default malloc profile, {@code growth}: the growth
 * profile alone, {@code caps}: the growth profile at 30, 150 and 600 samples/s, {@code all}: also the malloc profile's
 * variants).
 */
public final class ProfileOverheadBench {
    /** A zoo program, its arguments and environment; {@code perSecond}: it reports no work, its cost is CPU per second. */
    record Workload(Class<?> main, List<String> args, Map<String, String> env, boolean perSecond) {
        Workload(Class<?> main, List<String> args, boolean perSecond) {
            this(main, args, Map.of(), perSecond);
        }
    }

    private static final Map<String, Workload> WORKLOADS = new LinkedHashMap<>();

    static {
        WORKLOADS.put("malloc256", new Workload(MallocLoop.class, List.of(), false));
        WORKLOADS.put("zip", new Workload(CompressLoop.class, List.of(), false));
        WORKLOADS.put("service", new Workload(ServiceLoad.class, List.of(), false));
        WORKLOADS.put("leak10", new Workload(UnsafeLeak.class, List.of("10"), true));
        // 100 MiB/s of new pages for as long as wanted: each JVM frees its 1 GiB and starts again (every 1 MiB block
        // its own mapping, so each faults anew), as a leak's fault rate in bounded memory
        WORKLOADS.put("leak100", new Workload(UnsafeLeak.class, List.of("100", "1024"),
                Map.of("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=131072"), true));
    }

    /** One setting of offheap profile: its command-line options beyond the pid and the duration. */
    record Setting(String label, List<String> options) {
    }

    private ProfileOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        // leak100 only when asked: it costs two JVMs 1 GiB each and a core's worth of page faults
        List<String> workloads = args.length > 2 ? Arrays.asList(args).subList(2, args.length)
                : List.of("malloc256", "zip", "service", "leak10");
        List<Setting> settings = settings(System.getProperty("bench.settings", "default"));
        System.out.printf(Locale.ROOT, "%d rounds, %d s windows, %d cores%n", rounds, seconds, Runtime.getRuntime().availableProcessors());
        for (String w : workloads) {
            Workload main = WORKLOADS.get(w);
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
                    if (main.perSecond()) {
                        System.out.printf(Locale.ROOT, "  %s %-28s round %d: base %+.2f%% of a core over the control, profiled %+.2f%%, after %+.2f%%, again %+.2f%%%n",
                                w, s.label(), r + 1, m[0] / 1e7, (m[1] - m[0]) / 1e7, (m[2] - m[0]) / 1e7, (m[3] - m[0]) / 1e7);
                    } else {
                        System.out.printf(Locale.ROOT, "  %s %-28s round %d: base %.3fx the control, profiled %.3fx, after %.3fx, again %.3fx%n",
                                w, s.label(), r + 1, m[0], m[1] / m[0], m[2] / m[0], m[3] / m[0]);
                    }
                }
            }
            boolean cores = main.perSecond();
            System.out.printf(Locale.ROOT, cores ? "%n%s: the target's extra CPU, %% of one core over its baseline (median [min-max] of %d rounds)%n"
                    : "%n%s: cost per operation, profiled / baseline (median [min-max] of %d rounds)%n", w, rounds);
            System.out.printf(Locale.ROOT, "  %-28s %-26s %-26s %-26s%n", "setting", "while profiling", "after (hooks idle)",
                    "profiling again (loaded)");
            results.forEach((s, ms) -> System.out.printf(Locale.ROOT, "  %-28s %-26s %-26s %-26s%n", s.label(),
                    summary(ms, 1, cores), summary(ms, 2, cores), summary(ms, 3, cores)));
            System.out.println();
        }
    }

    static List<Setting> settings(String which) {
        List<Setting> out = new ArrayList<>();
        out.add(new Setting("growth (default)", List.of()));
        out.add(new Setting("--malloc", List.of("--malloc")));
        if (which.equals("default")) {
            return out;
        }
        if (which.equals("growth")) {
            return out.subList(0, 1);
        }
        if (which.equals("caps")) {
            // what the cap changes: per-sample cost (fewer samples) against per-fault cost (the same faults)
            return List.of(out.get(0), new Setting("growth --max-samples 30", List.of("--max-samples", "30")),
                    new Setting("growth --max-samples 600", List.of("--max-samples", "600")));
        }
        out.add(new Setting("--malloc --exact", List.of("--malloc", "--exact")));
        for (String interval : List.of("0", "64k", "512k", "2m")) {
            for (String frees : List.of("all", "none")) {
                out.add(new Setting("--malloc interval " + interval + " frees " + frees, List.of("--malloc", "--interval", interval, "--frees", frees)));
            }
        }
        for (String cstack : List.of("fp", "vm", "no")) {
            out.add(new Setting("--malloc 512k " + cstack + " frees none", List.of("--malloc", "--interval", "512k", "--cstack", cstack, "--frees", "none")));
        }
        return out;
    }

    /**
     * {baseline, profiled, after, again}: the target's cost (CPU time per operation, or per second where it reports no
     * work) relative to a control JVM running the same program on the same core, unprofiled, in the same windows (the
     * ratio, or for CPU per second the difference): this machine's noise (other work on the core, frequency) moves
     * both alike. "profiled" is over the profile's --duration from the command's start (a profile that ends earlier is
     * measured over its --duration all the same), "after" the window that follows, "again" a second profile.
     */
    private static double[] measure(Workload main, Setting s, int seconds) throws Exception {
        String[] args = main.args().toArray(String[]::new);
        String core = System.getProperty("bench.core", String.valueOf(Runtime.getRuntime().availableProcessors() - 1));
        try (TargetJvm t = start(main, args, core); TargetJvm c = start(main, args, core)) {
            Thread.sleep(3000); // JIT warm-up
            Window wt = new Window(t);
            Window wc = new Window(c);
            Thread.sleep(seconds * 1000L);
            long end = System.nanoTime();
            double base = relative(wt.cost(end), wc.cost(end), main);
            double profiled = profile(t, c, s, seconds + 2, main);
            wt = new Window(t);
            wc = new Window(c);
            Thread.sleep(seconds * 1000L);
            end = System.nanoTime();
            double after = relative(wt.cost(end), wc.cost(end), main);
            double again = profile(t, c, s, seconds + 2, main);
            return new double[] {base, profiled, after, again};
        }
    }

    private static TargetJvm start(Workload main, String[] args, String core) {
        TargetJvm.Builder b = TargetJvm.builder(Jdk.JDK17, main.main()).wrapper("taskset", "-c", core).jvmArgs("-Xmx64m", "-XX:+UseSerialGC")
                .args(args);
        main.env().forEach(b::env);
        return b.start();
    }

    /** Per operation: the ratio to the control; per second (a leak): the difference, in CPU nanoseconds per second. */
    private static double relative(double target, double control, Workload main) {
        return main.perSecond() ? target - control : target / control;
    }

    /** Profiles {@code t} for {@code duration} seconds with setting {@code s}; its cost meanwhile relative to {@code c}'s. */
    private static double profile(TargetJvm t, TargetJvm c, Setting s, int duration, Workload main) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("profile", String.valueOf(t.pid()), "--duration", duration + "s", "--json"));
        cmd.addAll(s.options());
        StringWriter sink = new StringWriter();
        Window w = new Window(t);
        Window wc = new Window(c);
        int code = Main.run(cmd.toArray(String[]::new), new PrintWriter(sink), new PrintWriter(sink));
        long end = w.startNanos + duration * 1_000_000_000L;
        Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
        if (code != 0) {
            throw new IllegalStateException("offheap " + String.join(" ", cmd) + " exited " + code + ": " + sink);
        }
        long to = Math.max(end, System.nanoTime());
        return relative(w.cost(to), wc.cost(to), main);
    }

    /** A window from now: the target's CPU time per operation (WorkMeter lines), or per second where it reports none. */
    private static final class Window {
        final TargetJvm t;
        final long startNanos = System.nanoTime();
        final long cpuStart;

        Window(TargetJvm t) {
            this.t = t;
            this.cpuStart = new ProcReader(t.pid()).cpuNanos();
        }

        // "work ops=123000 cpu=4567000000 wall=890000000000" (wall: System.nanoTime, the same clock in every process)
        double cost(long toNanos) {
            if (!t.output().contains("work ")) {
                // read now (the caller waited until toNanos): CPU nanoseconds per second, 1e9 = one core
                return (new ProcReader(t.pid()).cpuNanos() - cpuStart) * 1e9 / (System.nanoTime() - startNanos);
            }
            long[] first = null;
            long[] last = null;
            for (String line : t.output().split("\n")) {
                if (line.startsWith("work ")) {
                    long[] v = Arrays.stream(line.substring(5).trim().split(" ")).mapToLong(kv -> Long.parseLong(kv.substring(kv.indexOf('=') + 1))).toArray();
                    if (v[2] >= startNanos && v[2] <= toNanos) {
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
    }

    /** Median [range] of profiled/baseline ratios, or with {@code cores} of the extra CPU in % of one core. */
    private static String summary(List<double[]> ms, int column, boolean cores) {
        double[] ratios = ms.stream().mapToDouble(m -> cores ? (m[column] - m[0]) / 1e7 : m[column] / m[0]).sorted().toArray();
        double median = ratios.length % 2 == 1 ? ratios[ratios.length / 2] : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
        return String.format(Locale.ROOT, cores ? "%+.2f%% [%+.2f%% to %+.2f%%]" : "%.3f [%.3f-%.3f]", median, ratios[0], ratios[ratios.length - 1]);
    }
}
