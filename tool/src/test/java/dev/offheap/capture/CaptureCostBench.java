package dev.offheap.capture;

import dev.offheap.analyze.HeldLeaks;
import dev.offheap.analyze.RecordingAnalyzer;
import dev.offheap.live.LiveSampler;
import dev.offheap.live.LiveSnapshot;
import dev.offheap.model.Sample;
import dev.offheap.proc.ProcReader;
import dev.offheap.redact.Redactor;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.RequestLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a capture costs its target, measured in one run against windows of the same length without one: a zoo
 * {@link RequestLoop} (a request due every millisecond, its lateness measured by itself, {@code HEAP_MIB} of live heap,
 * 1 MiB/s of Unsafe memory leaked) is followed as {@code export} follows a JVM (a window of samples, the agent
 * loaded), then captured ROUNDS times without a heap dump and ROUNDS times with one ({@code --capture-heap-dump}),
 * each capture between two quiet windows. Per setting: the capture's wall time, the target's CPU time during it beyond
 * its own rate, the longest lateness of a request during the capture against the quiet windows', and the safepoints the
 * target logged (-Xlog:safepoint) during the captures. Goal: no stall above 10 ms without a heap dump.
 * With a fourth argument {@code phases}: the parts of a capture apart (the snapshot's sources, the extras, the
 * writing, which touches the target not at all) and quiet windows, each ROUNDS times, with the requests more than
 * 5 ms late in each: on a busy host the writing is the control that shows what CPU contention alone does.
 * Run: {@code bench/capture-cost.sh [ROUNDS] [JAVA_HOME] [HEAP_MIB] [phases]}.
 */
public final class CaptureCostBench {
    // "loop at=1733545469439 requests=1234 late_max_us=812 late_p99_us=95 cpu=1234567890"
    private static final Pattern LOOP = Pattern.compile("loop at=(\\d+) requests=\\d+ late_max_us=(\\d+) late_p99_us=(\\d+) cpu=(\\d+)");
    // JDK 17: "[1733545469439ms] Safepoint "Cleanup", Time since last: 1000212340 ns, Reaching safepoint: 1235 ns, …, Total: 57903 ns"
    private static final Pattern SAFEPOINT = Pattern.compile("\\[(\\d+)ms\\].*Safepoint \"([^\"]+)\".*Total: (\\d+) ns");
    private static final long QUIET_MILLIS = 3000;
    /** The loop reports every 200 ms: a window's lines are those that end in it, and one after. */
    private static final long REPORT_MILLIS = 200;

    private CaptureCostBench() {
    }

    /** One window: wall time, target CPU, the longest lateness reported in it, its safepoints (count, total ns). */
    private record Window(long startMillis, long endMillis, long cpuNanos, long lateMaxMicros, int slices, int slicesOver10ms,
                          int safepoints, long safepointNanos, List<String> operations) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path javaHome = args.length > 1 && !args[1].isEmpty() ? Path.of(args[1]) : Jdk.JDK17.home();
        int heapMib = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        System.setProperty("offheap.jdk17.home", javaHome.toString());
        Path work = Files.createTempDirectory("offheap-capture-bench");
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, RequestLoop.class)
                .jvmArgs("-Xms" + (heapMib * 2 + 64) + "m", "-Xmx" + (heapMib * 2 + 64) + "m", "-Xlog:safepoint:file=safepoints.log:tm")
                .args(Integer.toString(heapMib), "1").readyTimeoutSeconds(120).start()) {
            long pid = t.pid();
            System.out.printf(Locale.ROOT, "target: pid %d, %s, RequestLoop %d MiB heap, 1 MiB/s leaked; %d rounds%n", pid,
                    javaHome, heapMib, rounds);
            LiveSampler sampler = new LiveSampler(pid);
            List<Sample> samples = new ArrayList<>();
            LiveSampler.Analyzed a = null;
            for (int i = 0; i < 6; i++) {
                a = sampler.sampleAnalyzed(true, 1000, System.currentTimeMillis() + 3_600_000);
                samples.add(a.sample());
                Thread.sleep(1000);
            }
            RecordingAnalyzer.Continued window = RecordingAnalyzer.analyze(sampler.recording(samples, a.report().findings()), HeldLeaks.NONE);
            CaptureMeasure measure = CaptureMeasure.of(a.report(), window).orElseThrow();
            CaptureRequest request = new CaptureRequest(new Subject(pid, RequestLoop.class.getName(), ""), CaptureReason.threshold(90),
                    measure, sampler.recording(samples, null), window.report(), LiveSnapshot.Pools.PUBLISHED, System.currentTimeMillis());
            if (args.length > 3 && args[3].equals("phases")) {
                phases(t, pid, rounds, work);
                return;
            }
            for (boolean heapDump : new boolean[] {false, true}) {
                CaptureSettings settings = new CaptureSettings(Files.createDirectories(work.resolve(heapDump ? "dump" : "plain")),
                        List.of(90), 0, 1, Long.MAX_VALUE, heapDump, work.resolve("lock"), 0, Redactor.standard());
                Capturer capturer = new Capturer(settings, "capture-cost bench", "bench");
                List<Window> quiet = new ArrayList<>();
                List<Window> captures = new ArrayList<>();
                ProcReader proc = new ProcReader(pid);
                for (int r = 0; r < rounds; r++) {
                    quiet.add(window(t, proc, () -> Thread.sleep(QUIET_MILLIS)));
                    captures.add(window(t, proc, () -> capturer.take(request, line -> { })));
                    Thread.sleep(REPORT_MILLIS * 2);
                }
                print(heapDump ? "with a heap dump" : "without a heap dump", quiet, captures, t, work);
            }
        } finally {
            TargetJvm.deleteTree(work);
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    private static Window window(TargetJvm t, ProcReader proc, Action action) throws Exception {
        long cpu = proc.cpuNanos();
        long start = System.currentTimeMillis();
        action.run();
        long end = System.currentTimeMillis();
        long used = proc.cpuNanos() - cpu;
        Thread.sleep(REPORT_MILLIS * 2); // the loop's report of the window's end
        long late = 0;
        int slices = 0;
        int over = 0;
        Matcher m = LOOP.matcher(t.output());
        while (m.find()) {
            long at = Long.parseLong(m.group(1));
            if (at > start && at <= end + REPORT_MILLIS) {
                long max = Long.parseLong(m.group(2));
                late = Math.max(late, max);
                slices++;
                over += max > 10_000 ? 1 : 0;
            }
        }
        int safepoints = 0;
        long total = 0;
        List<String> ops = new ArrayList<>();
        Path log = t.workDir().resolve("safepoints.log");
        if (Files.exists(log)) {
            Matcher s = SAFEPOINT.matcher(Files.readString(log));
            while (s.find()) {
                long at = Long.parseLong(s.group(1));
                if (at >= start && at <= end) {
                    safepoints++;
                    total += Long.parseLong(s.group(3));
                    ops.add(s.group(2));
                }
            }
        }
        return new Window(start, end, used, late, slices, over, safepoints, total, ops);
    }

    private static void print(String setting, List<Window> quiet, List<Window> captures, TargetJvm t, Path work) {
        double quietCpuPerSecond = quiet.stream().mapToDouble(w -> w.cpuNanos() / 1e9).sum()
                / quiet.stream().mapToDouble(w -> (w.endMillis() - w.startMillis()) / 1000.0).sum();
        long[] wall = captures.stream().mapToLong(w -> w.endMillis() - w.startMillis()).sorted().toArray();
        double[] extraCpuMs = captures.stream().mapToDouble(w -> (w.cpuNanos() / 1e9
                - quietCpuPerSecond * (w.endMillis() - w.startMillis()) / 1000.0) * 1000).sorted().toArray();
        long[] lateCapture = captures.stream().mapToLong(Window::lateMaxMicros).sorted().toArray();
        long[] lateQuiet = quiet.stream().mapToLong(Window::lateMaxMicros).sorted().toArray();
        int safepoints = captures.stream().mapToInt(Window::safepoints).sum();
        double pauseMs = captures.stream().mapToLong(Window::safepointNanos).sum() / 1e6;
        List<String> ops = captures.stream().flatMap(w -> w.operations().stream()).distinct().toList();
        System.out.printf(Locale.ROOT, "%s (%d captures):%n", setting, captures.size());
        System.out.printf(Locale.ROOT, "  capture wall time    median %d ms [%d-%d]%n", median(wall), wall[0], wall[wall.length - 1]);
        System.out.printf(Locale.ROOT, "  target CPU, extra    median %.1f ms per capture [%.1f-%.1f] (its own rate: %.1f%% of a core)%n",
                extraCpuMs[extraCpuMs.length / 2], extraCpuMs[0], extraCpuMs[extraCpuMs.length - 1], quietCpuPerSecond * 100);
        System.out.printf(Locale.ROOT, "  longest request lateness: during captures %.1f ms (median of rounds %.1f), quiet windows"
                + " of %d s %.1f ms (median %.1f)%n", lateCapture[lateCapture.length - 1] / 1000.0, median(lateCapture) / 1000.0,
                QUIET_MILLIS / 1000, lateQuiet[lateQuiet.length - 1] / 1000.0, median(lateQuiet) / 1000.0);
        System.out.printf(Locale.ROOT, "  200-ms slices with a request late by more than 10 ms: during captures %d of %d, quiet"
                + " windows %d of %d%n", captures.stream().mapToInt(Window::slicesOver10ms).sum(),
                captures.stream().mapToInt(Window::slices).sum(), quiet.stream().mapToInt(Window::slicesOver10ms).sum(),
                quiet.stream().mapToInt(Window::slices).sum());
        System.out.printf(Locale.ROOT, "  safepoints during captures: %d, %.1f ms in all%s; during quiet windows: %d (%s)%n", safepoints,
                pauseMs, ops.isEmpty() ? "" : " (" + String.join(", ", ops) + ")", quiet.stream().mapToInt(Window::safepoints).sum(),
                String.join(", ", quiet.stream().flatMap(w -> w.operations().stream()).distinct().toList()));
    }

    // "stall at=1733545469439 late_us=12034"
    private static final Pattern STALL = Pattern.compile("stall at=(\\d+) late_us=(\\d+)");

    /**
     * Which part of a capture a stall falls in: the snapshot's sources (attach operations, /proc, pagemap), the
     * extras (cmdline, cgroup files, NMT summary, perf map, VM.metaspace basic), the writing; each ROUNDS times with
     * quiet windows of the same length between, and the requests more than 5 ms late in each.
     */
    private static void phases(TargetJvm t, long pid, int rounds, Path work) throws Exception {
        java.util.Map<String, List<long[]>> spans = new java.util.LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            long[] sources = new long[2];
            long[] extras = new long[2];
            long[] write = new long[2];
            sources[0] = System.currentTimeMillis();
            LiveSnapshot.Collected c = LiveSnapshot.collect(pid, new LiveSnapshot.Options(LiveSnapshot.Pools.PUBLISHED, true, true,
                    Redactor.standard()));
            sources[1] = System.currentTimeMillis();
            Thread.sleep(500);
            extras[0] = System.currentTimeMillis();
            dev.offheap.live.CollectExtras x = new dev.offheap.live.CollectExtras(pid, Redactor.standard(), l -> { });
            x.readAll("off", false);
            extras[1] = System.currentTimeMillis();
            Thread.sleep(500);
            write[0] = System.currentTimeMillis();
            dev.offheap.saved.SnapshotFolder.write(work.resolve("phase-" + r), c.sources(), c.takenAtMillis(), pid, x.extras(),
                    Redactor.standard());
            write[1] = System.currentTimeMillis();
            Thread.sleep(500);
            long[] quiet = {System.currentTimeMillis(), 0};
            Thread.sleep(Math.max(50, sources[1] - sources[0] + extras[1] - extras[0]));
            quiet[1] = System.currentTimeMillis();
            Thread.sleep(500);
            spans.computeIfAbsent("sources", k -> new ArrayList<>()).add(sources);
            spans.computeIfAbsent("extras", k -> new ArrayList<>()).add(extras);
            spans.computeIfAbsent("write", k -> new ArrayList<>()).add(write);
            spans.computeIfAbsent("quiet", k -> new ArrayList<>()).add(quiet);
        }
        Thread.sleep(300);
        List<long[]> stalls = new ArrayList<>();
        Matcher m = STALL.matcher(t.output());
        while (m.find()) {
            stalls.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        for (var e : spans.entrySet()) {
            long ms = 0;
            int n = 0;
            long max = 0;
            List<String> where = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                long[] span = e.getValue().get(i);
                ms += span[1] - span[0];
                for (long[] st : stalls) {
                    // a stall is printed when the late request runs: it began up to its lateness before
                    if (st[0] >= span[0] && st[0] - st[1] / 1000 <= span[1] + 5) {
                        n++;
                        max = Math.max(max, st[1]);
                        where.add(String.format(Locale.ROOT, "round %d: %.1f ms", i + 1, st[1] / 1000.0));
                    }
                }
            }
            System.out.printf(Locale.ROOT, "  %-8s %5d ms in %d rounds, %3d requests more than 5 ms late, the latest %.1f ms%s%n",
                    e.getKey(), ms, e.getValue().size(), n, max / 1000.0, where.isEmpty() ? "" : " (" + String.join(", ", where) + ")");
        }
    }

    private static long median(long[] sorted) {
        return sorted[sorted.length / 2];
    }
}
