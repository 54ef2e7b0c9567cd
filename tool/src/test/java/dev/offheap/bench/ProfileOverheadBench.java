package dev.offheap.bench;

import dev.offheap.cli.Main;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.MallocLoop;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cost of {@code offheap profile} to its target: malloc/free pairs per second of a malloc-heavy loop (the zoo's
 * MallocLoop) without the profiler and while it records every allocation (--interval 0) and one per MiB
 * (--interval 1m). Prints the rates and their ratios.
 * Run: {@code java -cp <test class path> dev.offheap.bench.ProfileOverheadBench [seconds]}
 */
public final class ProfileOverheadBench {
    private ProfileOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, MallocLoop.class).jvmArgs("-Xmx64m").args("500").start()) {
            Thread.sleep(3000); // warm-up: JIT
            double base = rate(t, seconds);
            double all = rateWhileProfiling(t, seconds, "0");
            double sampled = rateWhileProfiling(t, seconds, "1m");
            double after = rate(t, seconds);
            System.out.printf("malloc/free pairs per second: without %.0f, profiling every call %.0f, one per MiB %.0f, after %.0f%n",
                    base, all, sampled, after);
            System.out.printf("slowdown while profiling: every call %.1fx, --interval 1m %.2fx%n", base / all, base / sampled);
        }
    }

    private static double rateWhileProfiling(TargetJvm t, int seconds, String interval) throws Exception {
        AtomicReference<String> err = new AtomicReference<>();
        Thread profiler = new Thread(() -> {
            StringWriter sink = new StringWriter();
            Main.run(new String[] {"profile", String.valueOf(t.pid()), "--duration", (seconds + 2) + "s", "--interval", interval,
                "--json"}, new PrintWriter(sink), new PrintWriter(sink));
            err.set(sink.toString());
        });
        profiler.start();
        Thread.sleep(1000);
        double r = rate(t, seconds);
        profiler.join();
        return r;
    }

    /** The mean of the "rate N" lines the target prints during the next {@code seconds}. */
    private static double rate(TargetJvm t, int seconds) throws InterruptedException {
        int from = t.output().length();
        Thread.sleep(seconds * 1000L);
        List<Long> rates = new ArrayList<>();
        for (String line : t.output().substring(from).split("\n")) {
            if (line.startsWith("rate ")) {
                rates.add(Long.parseLong(line.substring(5).trim()));
            }
        }
        return rates.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
    }
}
