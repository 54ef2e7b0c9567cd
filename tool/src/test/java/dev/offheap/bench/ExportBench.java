package dev.offheap.bench;

import dev.offheap.testing.ExporterProcess;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cost of {@code offheap export}, measured in one run against a baseline of the same run.
 * <ul>
 * <li>{@code targets [SECONDS] [INTERVAL_SECONDS]}: four idle JDK 17 JVMs with NMT on, two followed by the exporter and two
 * not; their CPU time over the same SECONDS (default 120) after the first cycle (attach, agent): the followed ones'
 * extra CPU in % of one core, against the others.</li>
 * <li>{@code fleet [JVMS] [INTERVAL_SECONDS]}: the exporter with 5 idle JVMs (the baseline), then with JVMS (default 50):
 * its CPU per cycle per JVM, the ratio of the two, the cycle's duration against the interval, and its RSS.</li>
 * </ul>
 * Run: {@code java -cp <test class path> dev.offheap.bench.ExportBench targets|fleet …}
 */
public final class ExportBench {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    // "offheap_export_cycles_total 12.0"
    private static final Pattern CYCLES = Pattern.compile("(?m)^offheap_export_cycles_total (\\S+)");
    private static final Pattern CYCLE_SECONDS = Pattern.compile("(?m)^offheap_export_cycle_seconds (\\S+)");
    private static final Pattern JVMS = Pattern.compile("(?m)^offheap_export_jvms (\\S+)");

    private ExportBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "targets";
        String interval = (args.length > 2 ? args[2] : "15") + "s"; // whole seconds
        if (mode.equals("targets")) {
            targets(args.length > 1 ? Integer.parseInt(args[1]) : 120, interval);
        } else if (mode.equals("fleet")) {
            fleet(args.length > 1 ? Integer.parseInt(args[1]) : 50, interval);
        } else {
            throw new IllegalArgumentException("mode: targets or fleet, not " + mode);
        }
    }

    private static void targets(int seconds, String interval) throws Exception {
        String token = "-Doffheap.bench.followed=" + UUID.randomUUID();
        List<TargetJvm> followed = new ArrayList<>();
        List<TargetJvm> alone = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                followed.add(idle(token, "-XX:NativeMemoryTracking=summary"));
                alone.add(idle("-Doffheap.bench.alone=" + i, "-XX:NativeMemoryTracking=summary"));
            }
            try (ExporterProcess exporter = ExporterProcess.start("--interval", interval, "--match", Pattern.quote(token))) {
                awaitCycles(exporter, 2, followed.size()); // the first samples attach and load the agent: not measured
                long[] f0 = ticks(followed);
                long[] a0 = ticks(alone);
                double c0 = value(exporter, CYCLES);
                Thread.sleep(seconds * 1000L);
                long[] f1 = ticks(followed);
                long[] a1 = ticks(alone);
                double cycles = value(exporter, CYCLES) - c0;
                double fMean = mean(f0, f1) / TICKS_PER_SECOND;
                double aMean = mean(a0, a1) / TICKS_PER_SECOND;
                System.out.printf("over %d s (%.0f cycles at %s): followed JVMs %.3f s CPU each, the others %.3f s each%n",
                        seconds, cycles, interval, fMean, aMean);
                System.out.printf("cost of export to a target: %.3f%% of one core (target < 0.2%%); followed/alone CPU ratio %.2f%n",
                        100 * (fMean - aMean) / seconds, aMean == 0 ? Double.NaN : fMean / aMean);
            }
        } finally {
            followed.forEach(TargetJvm::close);
            alone.forEach(TargetJvm::close);
        }
    }

    private static void fleet(int count, String interval) throws Exception {
        String token = "-Doffheap.bench.fleet=" + UUID.randomUUID();
        List<TargetJvm> jvms = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                jvms.add(idle(token, "-XX:NativeMemoryTracking=summary"));
            }
            try (ExporterProcess exporter = ExporterProcess.start("--interval", interval, "--match", Pattern.quote(token))) {
                Measured base = measure(exporter, jvms.size(), 3);
                for (int i = jvms.size(); i < count; i++) {
                    jvms.add(idle(token, "-XX:NativeMemoryTracking=summary"));
                }
                Measured many = measure(exporter, jvms.size(), 3);
                long interval_ms = Long.parseLong(interval.replace("s", "")) * 1000;
                System.out.printf("exporter with %d JVMs: %.1f ms CPU per JVM per cycle, cycle %.2f s, RSS %d MiB%n",
                        base.jvms, base.cpuMsPerJvmCycle, base.cycleSeconds, base.rssMib);
                System.out.printf("exporter with %d JVMs: %.1f ms CPU per JVM per cycle, cycle %.2f s, RSS %d MiB%n",
                        many.jvms, many.cpuMsPerJvmCycle, many.cycleSeconds, many.rssMib);
                System.out.printf("per-JVM cost ratio %d/%d JVMs: %.2f; cycle/interval with %d JVMs: %.2f (keeps up below 1);"
                                + " exporter CPU at %s: %.1f%% of one core%n",
                        many.jvms, base.jvms, many.cpuMsPerJvmCycle / base.cpuMsPerJvmCycle, many.jvms,
                        many.cycleSeconds * 1000 / interval_ms, interval,
                        100 * many.cpuMsPerJvmCycle * many.jvms / interval_ms);
            }
        } finally {
            jvms.forEach(TargetJvm::close);
        }
    }

    private record Measured(int jvms, double cpuMsPerJvmCycle, double cycleSeconds, long rssMib) {
    }

    /** Waits until the exporter follows {@code jvms} and has sampled them twice, then measures {@code cycles} cycles. */
    private static Measured measure(ExporterProcess exporter, int jvms, int cycles) throws Exception {
        awaitCycles(exporter, 2, jvms);
        long pid = exporter.process().pid();
        long t0 = ticks(pid);
        double c0 = value(exporter, CYCLES);
        double maxCycle = 0;
        while (value(exporter, CYCLES) < c0 + cycles) {
            maxCycle = Math.max(maxCycle, value(exporter, CYCLE_SECONDS));
            Thread.sleep(200);
        }
        long t1 = ticks(pid);
        maxCycle = Math.max(maxCycle, value(exporter, CYCLE_SECONDS));
        double ms = (t1 - t0) * 1000.0 / TICKS_PER_SECOND;
        return new Measured(jvms, ms / cycles / jvms, maxCycle, rssKib(pid) / 1024);
    }

    /** Until the exporter follows {@code jvms} JVMs and has run {@code cycles} cycles since it followed them all. */
    private static void awaitCycles(ExporterProcess exporter, int cycles, int jvms) throws Exception {
        while (value(exporter, JVMS) < jvms) {
            Thread.sleep(200);
        }
        double c0 = value(exporter, CYCLES);
        while (value(exporter, CYCLES) < c0 + cycles) {
            Thread.sleep(200);
        }
    }

    private static TargetJvm idle(String... jvmArgs) {
        return TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx16m", "-Xss256k", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1").jvmArgs(jvmArgs).start();
    }

    private static double value(ExporterProcess exporter, Pattern p) throws Exception {
        Matcher m = p.matcher(exporter.metrics().body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static double mean(long[] from, long[] to) {
        double sum = 0;
        for (int i = 0; i < from.length; i++) {
            sum += to[i] - from[i];
        }
        return sum / from.length;
    }

    private static long[] ticks(List<TargetJvm> jvms) throws IOException {
        long[] t = new long[jvms.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = ticks(jvms.get(i).pid());
        }
        return t;
    }

    // "/proc/PID/stat": "1234 (java) S … utime stime …": fields 14 and 15, counted after the ')' of the command
    private static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            // "VmRSS:	  123456 kB"
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return 0;
    }
}
