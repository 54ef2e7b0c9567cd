package dev.offheap.cli;

import dev.offheap.analyze.Analyzer;
import dev.offheap.analyze.RecordingAnalyzer;
import dev.offheap.capture.CaptureSettings;
import dev.offheap.live.ClassStatsSchedule;
import dev.offheap.live.LiveSampler;
import dev.offheap.live.LiveSnapshot;
import dev.offheap.model.Finding;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import dev.offheap.model.TargetException;
import dev.offheap.model.WatchReport;
import dev.offheap.redact.Redactor;
import dev.offheap.report.Json;
import dev.offheap.report.RecordingJson;
import dev.offheap.report.TerminalWriter;
import dev.offheap.report.WatchJson;
import dev.offheap.report.WatchText;
import dev.offheap.report.html.WatchHtml;
import dev.offheap.saved.RecordingFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code offheap watch PID}: samples a live JVM over time, shows what grows, and names the cause at the end. */
@Command(header = "Watches a live JVM: what grows, how fast, and why (the cause, its evidence and fix).", name = "watch", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {
            "Samples a live JVM every --interval for --duration, shows each memory category's size, growth rate and",
            "trend (a live table on a terminal, one line per sample otherwise), and at the end (or on Ctrl-C) reports",
            "growth per category with a robust slope (Theil-Sen), its steadiness, the time left to the relevant limit",
            "(container, MaxDirectMemorySize, MaxMetaspaceSize, ReservedCodeCacheSize), and the findings that name the",
            "cause: direct buffers, NIO's temporary buffer cache, -XX:+DisableExplicitGC, Unsafe memory, metaspace and",
            "class loaders, reflection accessors, hidden classes (lambdas, LambdaForms), code cache, threads, untracked",
            "malloc (JNI), glibc arenas, jemalloc.",
            "",
            "Sampling uses no safepoint operation: /proc/PID/status and smaps, hsperfdata counters (classes loaded,",
            "defined by class loaders, found by URL loaders, jars opened), VM.native_memory summary (when NMT is on;",
            "its Class line), Compiler.codecache and GC.heap_info. The NIO buffer pools are read through a 2 KB agent",
            "loaded ONCE per watch, whose daemon thread republishes them every interval and ends with the watch",
            "(JDK 21+ print one warning about the dynamically loaded agent; --no-agent skips it).",
            "Only once loaded classes are seen to grow (two intervals in a row, by 50 or more), to tell which kind of",
            "class grows (new class loaders, reflection accessors, lambdas, method handles' LambdaForms, classes",
            "defined into existing loaders), the watch reads VM.classloader_stats at that sample and again at the last",
            "one if they grew since, and VM.class_hierarchy beside it when the names are needed (mostly hidden classes;",
            "at the end also when no loader type piled up). These are safepoint operations: each pauses the JVM, for a",
            "time that grows with its classes and loaders (at 50,000 classes in 10,000 loaders about 30 ms and 90 ms",
            "here); the notes say what was read and how long each took. --no-safepoint never reads them: the kind is",
            "then told from the counters alone, loaders not named.",
            "--histogram reads VM.classloader_stats, VM.class_hierarchy and GC.class_histogram (which walks the whole",
            "heap, a full GC without -all) at the first and last sample instead, whether classes grow or not.",
            "",
            "--record FILE appends one JSON line per sample, flushed each time: a killed watch loses at most one",
            "sample. 'offheap analyze FILE' gives the same findings from the recording. The file is 0600; its header",
            "holds the JVM's flags and arguments, with the values of secret-looking keys replaced by <redacted>",
            "(--redact adds key patterns, --no-redact keeps every value).",
            "",
            "--profile: when memory grows (a growth finding, or malloc'ed rows rising steadily by 8 MiB/min or more,",
            "judged from the 4th sample on), runs the growth profile of 'offheap profile' (sampled page faults) once,",
            "for --profile-duration, while the watch goes on, and puts its culprit (library, JNI method, Java caller,",
            "the rate and share of the RSS growth) into the growth finding's culprit and evidence. Off unless asked; it",
            "costs what 'offheap profile' costs (see its --help: about 0.3%% of a core while it runs, no perf event after),",
            "is stopped and its files removed on Ctrl-C, SIGTERM, errors and the target's exit.",
            "",
            "Captures (--capture DIR): evidence before the kill. When the JVM reaches a share of its limit (--capture-at,",
            "75%% and 90%% by default), or the limit is less than 10 minutes away at the growth of the last 10 minutes (a",
            "growth finding standing behind it), a capture is saved into DIR on a thread of its own while the watch goes",
            "on: a collect folder of that moment (redacted as --redact says, owner-only), window.jsonl with the samples",
            "before it, capture.txt saying why, and, when native memory grows, the growth profile of 'collect --profile'",
            "(sampled page faults, 5-20 s, once per JVM on a thread of its own, added to each of its captures; loading",
            "async-profiler adds ~26 MiB to the target once; perf events refused: one line, the capture keeps the rest),",
            "from which 'offheap analyze' names what grew. The limit is the",
            "container's memory limit, against its cgroup's working set (what the OOM killer weighs), else the JVM's",
            "budget, against RSS. Each share is captured once per JVM; one capture runs at a time on the host (a lock",
            "in /run/lock, shared with every offheap process); DIR keeps the newest --capture-keep captures within",
            "--capture-max-size. When the JVM ends, its cgroup's OOM counters and the kernel log say whether the OOM",
            "killer ended it (\"killed by the OOM killer 3 min after the 90%% capture\"), added to its captures too.",
            "'offheap analyze DIR/<capture>' gives the diagnosis of that moment. A capture takes no safepoint operation",
            "(VM.classloader_stats and the full VM.metaspace are left out): measured, 3 ms (JDK 17) to 9 ms (JDK 25) of",
            "the target's CPU and no pause. --capture-heap-dump adds GC.heap_dump -all, which stops the JVM while it",
            "writes: measured 150 ms (JDK 17) and 190 ms (JDK 25) with 256 MiB of live heap, about 0.6-0.8 s per GiB",
            "(bench/capture-cost.sh); the capture's MANIFEST says how long that JVM was paused."},
        footer = {"", "Examples:", "  offheap watch 4242", "  offheap watch --interval 1s --duration 2m --record app.jsonl 4242",
            "  offheap watch --histogram --duration 30m 4242",
            "  offheap watch --no-safepoint 4242                   # never pauses the JVM, not even once classes grow",
            "  offheap watch --duration 5m --html watch.html 4242   # stacked areas over time, time to the limit", "  offheap watch --json --duration 1m 4242 > watch.json",
            "  offheap watch --duration 24h --capture /var/tmp/offheap-captures 4242"})
final class WatchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "Process id of the JVM (see 'offheap ps').")
    String pid;

    @Option(names = "--interval", paramLabel = "DURATION",
            description = "Time between samples (default: 5s, shorter when --duration gives fewer than 6 samples at 5s).")
    String interval;

    @Option(names = "--duration", defaultValue = "10m", paramLabel = "DURATION", description = "How long to watch (default: ${DEFAULT-VALUE}); Ctrl-C ends earlier.")
    String duration;

    @Option(names = "--record", paramLabel = "FILE", description = "Append the samples to FILE as JSON lines (schema offheap/1).")
    Path record;

    @Option(names = "--histogram", description = "Also read VM.classloader_stats, VM.class_hierarchy and GC.class_histogram at the first and last sample (safepoint operations).")
    boolean histogram;

    @Option(names = "--no-safepoint", description = "Never run a safepoint operation, even once classes grow (see above).")
    boolean noSafepoint;

    @Option(names = "--no-agent", description = "Do not load the buffer-pool agent: direct buffers are then not told apart from other Unsafe memory.")
    boolean noAgent;

    @Option(names = "--profile", description = "When memory grows, run a growth profile and name what grows it (see above).")
    boolean profile;

    @Option(names = "--profile-duration", defaultValue = "60s", paramLabel = "DURATION",
            description = "How long that growth profile samples (default: ${DEFAULT-VALUE}).")
    String profileDuration;

    @Mixin
    OutputOptions output;

    @Mixin
    RedactOptions redaction;

    @Mixin
    CaptureOptions capture;

    private WatchProfile profiler;
    private WatchCapture captures;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        long target = PidArgument.parse(pid);
        Redactor redactor = redaction.redactor();
        long durationMillis = DurationArgument.millis("--duration", duration);
        long intervalMillis = WatchSchedule.interval(interval == null ? null : DurationArgument.millis("--interval", interval),
                durationMillis, duration, spec.commandLine().getErr());
        if (histogram && noSafepoint) {
            throw new UsageException("--histogram reads safepoint operations: it cannot go with --no-safepoint");
        }
        if (profile) {
            profiler = new WatchProfile(target, Quantities.duration("--profile-duration", profileDuration), spec.commandLine().getErr());
        }
        CaptureSettings captureSettings = capture.settings(redactor);
        LiveSampler sampler = new LiveSampler(target, redactor);
        if (captureSettings != null) {
            captures = new WatchCapture(target, captureSettings, sampler, intervalMillis, !noAgent, spec.commandLine().getErr());
        }
        Thread hook = new Thread(this::interrupted, "offheap-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        // the file is created once the target is reached: an unreachable target neither truncates nor leaves one
        Recording header = sampler.recording();
        RecordingFile file = record == null ? null : RecordingFile.open(record);
        try (file) {
            if (file != null) {
                file.append(RecordingJson.header(header, Version.current()));
            }
            List<Sample> samples;
            try {
                samples = watch(sampler, header, file, intervalMillis, durationMillis);
            } catch (TargetException e) {
                if (file != null) {
                    file.deleteIfNoSample(); // the target went away before the first sample
                }
                throw e;
            }
            boolean cut = stop.getCount() == 0;
            List<Finding> finals = finalFindings(cut, sampler);
            if (file != null && finals != null) {
                file.append(RecordingJson.finalFindings(finals));
            }
            WatchReport report = RecordingAnalyzer.analyze(sampler.recording(samples, finals));
            if (profiler != null) {
                report = profiler.finish(report, cut);
            }
            if (captures != null) {
                captures.close(cut);
                List<String> notes = new ArrayList<>(report.notes());
                notes.addAll(captures.notes());
                report = new WatchReport(report.recording(), report.growth(), report.findings(), notes);
            }
            print(report, output, spec.commandLine().getOut());
            return output.exitCode(report.findings());
        } finally {
            if (captures != null) {
                captures.close(stop.getCount() == 0);
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (Ctrl-C): the hook is running and waits for the report above
            }
        }
    }

    private List<Sample> watch(LiveSampler sampler, Recording header, RecordingFile file, long intervalMillis,
                               long durationMillis) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null && !output.json();
        ClassStatsSchedule classReads = new ClassStatsSchedule(noSafepoint ? ClassStatsSchedule.Mode.NEVER
                : histogram ? ClassStatsSchedule.Mode.HISTOGRAM : ClassStatsSchedule.Mode.ON_GROWTH);
        long start = System.currentTimeMillis();
        long poolsUntil = start + durationMillis + 2 * intervalMillis + 30_000;
        List<Sample> samples = new ArrayList<>();
        boolean last = false;
        while (!last) {
            long elapsed = System.currentTimeMillis() - start;
            // samples are due at 0, interval, 2 × interval … up to the duration: the last is the one after which no
            // other is due, or the one taken late when sampling could not keep up
            last = (samples.size() + 1) * intervalMillis > durationMillis || elapsed + intervalMillis > durationMillis + intervalMillis / 2
                    || stop.getCount() == 0;
            Sample s;
            try {
                if (captures != null) {
                    LiveSampler.Analyzed a = sampler.sampleAnalyzed(!noAgent, intervalMillis, poolsUntil,
                            classReads.histogramWith(samples, last));
                    s = classReads.after(sampler, samples, a.sample(), last, elapsed);
                    captures.observe(new LiveSampler.Analyzed(s, a.report(), a.missing()));
                } else {
                    s = sampler.sample(!noAgent, intervalMillis, poolsUntil, classReads.histogramWith(samples, last));
                    s = classReads.after(sampler, samples, s, last, elapsed);
                }
            } catch (TargetException e) {
                if (samples.isEmpty()) {
                    throw e;
                }
                sampler.notes().add("the watch ended early: " + e.getMessage());
                if (captures != null) {
                    captures.endedIfGone();
                }
                break;
            }
            samples.add(s);
            if (file != null) {
                file.append(RecordingJson.sample(s));
            }
            if (terminal) {
                printScreen(out, WatchText.screen(header, samples, elapsed, durationMillis));
            } else if (!output.json()) {
                out.print(WatchText.line(s, samples.size() > 1 ? samples.get(samples.size() - 2) : null));
            }
            out.flush();
            if (profiler != null && samples.size() >= 4 && !last) {
                profiler.maybeStart(RecordingAnalyzer.analyze(sampler.recording(samples, null)), elapsed);
            }
            if (!last) {
                long next = start + samples.size() * intervalMillis;
                stop.await(Math.max(0, next - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            }
        }
        String read = classReads.note();
        if (read != null) {
            sampler.notes().add(read);
        }
        return samples;
    }

    /** The findings of a full snapshot at the end (the rules that need one moment, e.g. GLIBC_ARENAS); null if none. */
    private List<Finding> finalFindings(boolean cut, LiveSampler sampler) {
        try {
            return Analyzer.analyze(sampler.snapshot(noAgent ? LiveSnapshot.Pools.NO_AGENT : LiveSnapshot.Pools.PUBLISHED, !cut)).findings();
        } catch (TargetException e) {
            sampler.notes().add("no final snapshot: " + e.getMessage());
            return null;
        }
    }

    /** Ctrl-C (or SIGTERM): end the watch and let the main thread print the report before the JVM exits. */
    private void interrupted() {
        stop.countDown();
        try {
            finished.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The live screen: its home-and-clear prefix is offheap's own control sequence, the rest is neutralised text. */
    private static void printScreen(PrintWriter out, String screen) {
        if (out instanceof TerminalWriter t && screen.startsWith(WatchText.HOME_AND_CLEAR)) {
            t.control(WatchText.HOME_AND_CLEAR);
            out.print(screen.substring(WatchText.HOME_AND_CLEAR.length()));
        } else {
            out.print(screen);
        }
    }

    /** Prints a watch report as text or, with --json, as the offheap/1 document; writes the --html page. */
    static void print(WatchReport report, OutputOptions output, PrintWriter out) {
        if (output.json()) {
            out.println(Json.toText(WatchJson.render(report, Version.current())));
        } else {
            out.println();
            out.print(WatchText.render(report));
        }
        out.flush();
        output.writeHtml(() -> WatchHtml.render(report, Version.current()));
    }
}
