package dev.offheap.cli;

import dev.offheap.files.OwnerOnly;
import dev.offheap.files.PrivateFiles;
import dev.offheap.live.JfrCollector;
import dev.offheap.model.Finding;
import dev.offheap.model.TargetException;
import dev.offheap.proc.ProcReader;
import dev.offheap.profile.JemallocRun;
import dev.offheap.redact.Redactor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

/**
 * {@code offheap run [--nmt detail] [--jemalloc] -- java ...}: launches a JVM instrumented for diagnosis (NMT, a GC
 * log, the perf map at exit, optionally jemalloc profiling), passes stdin, stdout, stderr and its exit code through,
 * watches it, and reports when it exits or when Ctrl-C stops the run.
 */
@Command(header = "Starts a JVM instrumented for diagnosis, watches it and reports when it exits.", name = "run", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {
            "Starts 'java ...' (JDK 17+) instrumented for diagnosis: -XX:NativeMemoryTracking=summary (--nmt), a GC log",
            "(-Xlog:gc*,gc+metaspace,codecache into a private folder) and the JIT perf map at exit",
            "(-XX:+DumpPerfMapAtExit). Its stdin, stdout, stderr and exit code pass through unchanged. While it runs,",
            "offheap samples it every --watch-interval as 'offheap watch' does (no safepoint operation) and keeps the",
            "last full snapshot; when it exits, or when Ctrl-C stops it (the JVM gets the SIGINT too), the report of",
            "that snapshot, the growth findings of the samples and the GC log's findings go to stderr (--json: the",
            "offheap/1 document on stdout after the program's own output).",
            "",
            "--out DIR keeps the GC log, the recording (recording.jsonl, for 'offheap analyze'), the last snapshot",
            "(snapshot/, for 'offheap analyze'), the perf map and report.txt/report.json; without it they are removed.",
            "The folder is 0700 and its files 0600; the recording and the snapshot hold the JVM's environment, flags and",
            "arguments with the values of secret-looking keys replaced by <redacted> (--redact, --no-redact).",
            "",
            "--jfr (with --out) also records with JDK Flight Recorder, JFR's own settings (default.jfc) less the events",
            "of the environment, system properties and host processes, into DIR/recording.jfr, written when the JVM",
            "exits (JFR's repository, DIR/jfr-repository, keeps what was recorded if the JVM is killed); 'offheap",
            "analyze DIR/recording.jfr' reads it. Like a heap dump it is not redacted: it holds the JVM's arguments.",
            "",
            "--jemalloc: preloads Debian's libjemalloc.so.2 with heap profiling on (a profile every 2^N bytes",
            "allocated, --dump-every, and one at exit), captures the JIT perf map at each profile and at exit, keeps",
            "copies of deleted libraries (JNI libraries extracted from jars), then shows the last profile symbolized by",
            "offheap (see 'offheap analyze')."},
        footer = {"", "Examples:", "  offheap run -- java -jar app.jar",
            "  offheap run --nmt detail --watch-interval 5s --out diag -- java -Xmx1g -cp app.jar Main",
            "  offheap run --jemalloc --out prof -- java -Xmx1g -cp app.jar Main; offheap analyze prof/*.heap"})
final class RunCommand implements Callable<Integer> {
    private static final long TICK_MILLIS = 250;
    /** After Ctrl-C: how long the JVM (which got the SIGINT too) may take to exit before it is asked with SIGTERM. */
    private static final long GRACE_MILLIS = 5000;
    static final String JFR_RECORDING = "recording.jfr";
    static final String JFR_REPOSITORY = "jfr-repository";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The java command line, after '--'.")
    List<String> command;

    @Mixin
    OutputOptions output;

    @Mixin
    RedactOptions redaction;

    @Option(names = "--nmt", paramLabel = "LEVEL",
            description = {"Native Memory Tracking: summary (default, a few percent of cost), detail (exact placement,"
                + " more cost) or off (the default with --jemalloc: NMT's own malloc bookkeeping would show in the profile)."})
    String nmt;

    @Option(names = "--watch-interval", paramLabel = "DURATION", defaultValue = "10s", description = "Time between samples (default: ${DEFAULT-VALUE}).")
    String watchInterval;

    @Option(names = "--jemalloc", description = "Profile malloc with jemalloc's heap profiles (LD_PRELOAD of libjemalloc.so.2).")
    boolean jemalloc;

    @Option(names = "--jemalloc-lib", paramLabel = "FILE", description = "The jemalloc library (default: ${DEFAULT-VALUE}).",
            defaultValue = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2")
    Path jemallocLib;

    @Option(names = "--dump-every", paramLabel = "N", defaultValue = "30",
            description = "Write a heap profile every 2^N bytes allocated (jemalloc's lg_prof_interval; default 30 = 1 GiB).")
    int lgInterval;

    @Option(names = "--out", paramLabel = "DIR", description = "Keep the GC log, recording, last snapshot, perf map, report (and profiles) in DIR.")
    Path out;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Rows per list in the report (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--jfr", description = "Also record with JDK Flight Recorder (JFR's default settings; needs --out).")
    boolean jfr;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (nmt == null) {
            nmt = jemalloc ? "off" : "summary";
        }
        if (!List.of("summary", "detail", "off").contains(nmt)) {
            throw new UsageException("--nmt: expected summary, detail or off, found '" + nmt + "'");
        }
        if (jfr && out == null) {
            throw new UsageException("--jfr: needs --out DIR, where recording.jfr is kept");
        }
        if (jfr && out.toAbsolutePath().toString().contains(",")) {
            throw new UsageException("--jfr: the --out folder's path must not contain ',' (JFR's options are separated by commas)");
        }
        long intervalMillis = DurationArgument.millis("--watch-interval", watchInterval);
        Redactor redactor = redaction.redactor();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = (out != null ? OwnerOnly.createDirectories(out) : OwnerOnly.createTempDirectory(null, "offheap-run-"))
                .toAbsolutePath();
        Thread hook = new Thread(this::interrupted, "offheap-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            JemallocRun run = jemalloc ? new JemallocRun(dir, jemallocLib, lgInterval, w -> err.println("offheap run: warning: " + w)) : null;
            RunOutcome outcome = launch(dir, run, intervalMillis, redactor, err);
            List<Finding> findings = RunReport.print(outcome, dir, out != null, output, run == null, redactor,
                    spec.commandLine().getOut(), err);
            if (run != null) {
                findings = jemallocReport(run, findings, err);
            }
            if (jfr) {
                jfrOutcome(dir, err);
            }
            return outcome.exitCode() != 0 ? outcome.exitCode() : output.exitCode(findings);
        } finally {
            if (out == null) {
                PrivateFiles.deleteTree(dir);
            } else {
                keepPrivate(dir, err);
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down (Ctrl-C): the hook is running and waits for the report above
            }
        }
    }

    /** What the run produced: the JVM's pid and exit code, whether Ctrl-C ended it, and the watch. */
    record RunOutcome(long pid, int exitCode, boolean interrupted, RunWatch watch) {
    }

    private RunOutcome launch(Path dir, JemallocRun run, long intervalMillis, Redactor redactor, PrintWriter err)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(1, jvmOptions(dir, run));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        if (run != null) {
            pb.environment().putAll(run.environment(pb.environment()));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new TargetException("cannot start " + command.get(0) + ": " + e.getMessage());
        }
        try (RunWatch watch = new RunWatch(p.pid(), dir, intervalMillis, run == null, redactor,
                w -> err.println("offheap run: warning: " + w))) {
            boolean interrupted = false;
            while (!p.waitFor(TICK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stop.getCount() == 0) {
                    interrupted = true;
                    stopJvm(p);
                    break;
                }
                watch.tick();
                if (run != null) {
                    run.tick(p.pid(), pid -> new ProcReader(pid).maps().value());
                }
            }
            p.waitFor();
            if (run != null) {
                run.afterExit(p.pid());
            } else {
                movePerfMap(p.pid(), dir, err);
            }
            return new RunOutcome(p.pid(), p.exitValue(), interrupted, watch);
        }
    }

    /** -XX options for the instrumentation, put right after 'java'. */
    private List<String> jvmOptions(Path dir, JemallocRun run) {
        List<String> opts = new ArrayList<>();
        if (!nmt.equals("off")) {
            opts.add("-XX:NativeMemoryTracking=" + nmt);
        }
        String log = dir.resolve(RunReport.GC_LOG).toString();
        opts.add("-Xlog:gc*,gc+metaspace,codecache=warning:file=" + (log.matches("[\\w./-]+") ? log : "\"" + log + "\"")
                + ":uptime,level,tags");
        opts.addAll(run != null ? run.jvmOptions() : List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DumpPerfMapAtExit"));
        if (jfr) {
            // the repository in the run's folder: what a killed JVM had recorded stays there, nothing goes to /tmp
            opts.add("-XX:FlightRecorderOptions=repository=" + dir.resolve(JFR_REPOSITORY));
            opts.add("-XX:StartFlightRecording=name=offheap," + String.join(",", JfrCollector.SETTINGS)
                    + ",dumponexit=true,filename=" + dir.resolve(JFR_RECORDING));
            // JFR says "Started recording 1 ..." on stdout, which is the program's: only its errors are shown (at
            // "warning" JDK 17 still prints the info lines)
            opts.add("-Xlog:jfr+startup=error");
        }
        return opts;
    }

    /** Where the JFR recording is, or what is left of it when the JVM did not exit normally. */
    private static void jfrOutcome(Path dir, PrintWriter err) {
        Path recording = dir.resolve(JFR_RECORDING);
        Path repository = dir.resolve(JFR_REPOSITORY);
        List<Path> chunks;
        try (java.util.stream.Stream<Path> s = Files.exists(repository) ? Files.walk(repository) : java.util.stream.Stream.empty()) {
            chunks = s.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
        } catch (IOException e) {
            chunks = List.of();
        }
        if (chunks.isEmpty()) {
            PrivateFiles.deleteTree(repository);
        }
        if (Files.isRegularFile(recording)) {
            err.println("offheap run: JFR recording kept in " + recording + "; read it with 'offheap analyze " + recording + "'");
        } else if (!chunks.isEmpty()) {
            err.println("offheap run: no JFR recording was written at exit (the JVM was killed?); what it recorded is in "
                    + chunks.get(chunks.size() - 1) + " ('offheap analyze' reads it up to its last flush)");
        } else {
            err.println("offheap run: no JFR recording was written (the JVM ended before JFR started?)");
        }
    }

    /** Ctrl-C reached the JVM too (same process group): give it time, then SIGTERM, then SIGKILL. */
    private static void stopJvm(Process p) throws InterruptedException {
        if (p.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
            return;
        }
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    /** -XX:+DumpPerfMapAtExit writes /tmp/perf-PID.map: moved into the run's folder, never left in /tmp. */
    private static void movePerfMap(long pid, Path dir, PrintWriter err) {
        Path map = Path.of("/tmp/perf-" + pid + ".map");
        try {
            if (Files.exists(map)) {
                OwnerOnly.move(map, dir.resolve(map.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            err.println("offheap run: warning: cannot move " + map + " to " + dir + ": " + e.getMessage());
        }
    }

    /**
     * What the JVM and jemalloc wrote into the kept folder (the GC log, heap profiles) honoured the umask: owner-only
     * like the rest.
     */
    private static void keepPrivate(Path dir, PrintWriter err) {
        try {
            OwnerOnly.restrictTree(dir);
        } catch (IOException e) {
            err.println("offheap run: warning: cannot make " + dir + " owner-only: " + e.getMessage());
        }
    }

    private List<Finding> jemallocReport(JemallocRun run, List<Finding> findings, PrintWriter err) {
        List<Path> dumps = run.dumps();
        if (dumps.isEmpty()) {
            err.println("offheap run: no heap profile was written (jemalloc not used? the JVM was killed?)");
            return findings;
        }
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(HeapProfileAnalysis.run(dumps, new HeapProfileAnalysis.Options(null, List.of(), null, null, top, null),
                output, output.json() ? spec.commandLine().getOut() : err, err));
        return all;
    }

    /** Ctrl-C (or SIGTERM): end the run and let the main thread report before this JVM exits. */
    private void interrupted() {
        stop.countDown();
        try {
            finished.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
