package dev.offheap.cli;

import dev.offheap.assemble.SnapshotAssembler;
import dev.offheap.live.CollectExtras;
import dev.offheap.live.JfrCollector;
import dev.offheap.live.LiveSnapshot;
import dev.offheap.model.Snapshot;
import dev.offheap.model.SnapshotSources;
import dev.offheap.model.TargetException;
import dev.offheap.redact.Redactor;
import dev.offheap.saved.SnapshotFolder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code offheap collect PID --out DIR}: saves everything a report needs, for analysis elsewhere or later. */
@Command(header = "Saves everything a report needs into a folder, for later or elsewhere.", name = "collect", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {
            "Saves the inputs of a report of a live JVM into a new folder: /proc status, smaps, environ, cgroup",
            "figures, VM.version, VM.flags, VM.command_line, NMT, GC.heap_info, Compiler.codecache, malloc_info,",
            "System.map, buffer pools, hsperfdata, and what offheap measured itself (pagemap residency, glibc heap",
            "headers, library .bss), and more for a person to read: /proc/PID/cmdline and the cgroup files as they",
            "are, NMT summary beside detail, Compiler.codecache, the JIT perf map (Compiler.perfmap, moved out of the",
            "target's /tmp), VM.classloader_stats and VM.metaspace (both safepoint operations: the JVM pauses briefly).",
            "--heap-dump adds a heap dump, --profile 60s the growth profile's page-fault recordings (what 'offheap",
            "profile' samples; 'offheap analyze DIR' names what grew RSS from them). MANIFEST.txt says for each file what it",
            "is, how it was taken and when. 'offheap analyze DIR' gives the same report as 'offheap report' then.",
            "",
            "What people attach to tickets is redacted: the values of secret-looking keys (passwords, tokens, keys…) in",
            "environ.txt, cmdline.bin, vm-command-line.txt, vm-flags.txt and hsperfdata are replaced by <redacted>, the",
            "keys kept (MANIFEST.txt lists them, never the values); the analysis is the same. A heap dump is not",
            "redacted: it holds everything the Java heap holds. The folder is 0700 and every file 0600.",
            "",
            "--jfr [DURATION] adds recording.jfr, a JDK Flight Recorder recording: a JVM that records with JFR already",
            "(-XX:StartFlightRecording) has its recordings dumped as they are (the hours before); otherwise offheap",
            "starts one with JFR's own settings (default.jfc) in the JVM's memory (disk=false), dumps it after DURATION",
            "(default 60s; the other files are taken meanwhile) and stops it, and removes the folder JFR made in the",
            "JVM's /tmp for the dump. JFR stays loaded in the JVM afterwards (idle); Ctrl-C stops the recording too.",
            "'offheap analyze DIR' reads it with the snapshot, as a watch with its last snapshot. A recording offheap",
            "starts leaves out JFR's events of the environment, system properties and the host's processes; the JVM's",
            "arguments (jdk.JVMInformation) stay, so recording.jfr, like a heap dump, is not redacted."},
        footer = {"", "Examples:", "  offheap collect 4242 --out saved-4242 --profile 60s --jfr",
            "  offheap collect 4242 --out saved-4242   # then: offheap analyze saved-4242/"})
final class CollectCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "Process id of the JVM (see 'offheap ps').")
    String pid;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new (or empty) folder to write into.")
    Path out;

    @Option(names = "--no-agent", description = "Do not load the buffer-pool agent.")
    boolean noAgent;

    @Option(names = "--heap-dump", description = "Also save a heap dump (GC.heap_dump -all: pauses the JVM about a second per GiB of heap).")
    boolean heapDump;

    @Option(names = "--profile", paramLabel = "DURATION", description = "Also sample page faults for DURATION (e.g. 60s), as"
            + " 'offheap profile' does, into pagefaults-N.jfr and growth-profile.txt.")
    String profile;

    @Option(names = "--jfr", paramLabel = "DURATION", arity = "0..1", fallbackValue = "60s", description = "Also save a JDK"
            + " Flight Recorder recording (the JVM's own, or one of DURATION, default 60s, with JFR's default settings).")
    String jfr;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    boolean verbose;

    @Mixin
    RedactOptions redaction;

    @Override
    public Integer call() {
        long target = PidArgument.parse(pid);
        java.time.Duration profileFor = profile == null ? null : Quantities.duration("--profile", profile);
        Redactor redactor = redaction.redactor();
        java.time.Duration jfrFor = jfr == null ? null : Quantities.duration("--jfr", jfr);
        SnapshotFolder.checkWritable(out);
        java.io.PrintWriter err = spec.commandLine().getErr();
        java.util.function.Consumer<String> say = m -> {
            err.println("offheap collect: " + m);
            err.flush();
        };
        JfrCollector recorder = jfrFor == null ? null : beginJfr(target, jfrFor, say);
        Thread stop = recorder == null ? null : new Thread(recorder::close, "offheap-collect-jfr-stop");
        if (stop != null) {
            Runtime.getRuntime().addShutdownHook(stop);
        }
        try {
            collect(target, profileFor, redactor, recorder, say);
        } finally {
            if (recorder != null) {
                recorder.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(stop);
                } catch (IllegalStateException e) {
                    // shutting down (Ctrl-C): the hook is stopping the recording
                }
            }
        }
        return Main.EXIT_OK;
    }

    /** The JFR recording, or null when the JVM cannot record (no JFR in its runtime): the other files are taken still. */
    private static JfrCollector beginJfr(long target, java.time.Duration duration, java.util.function.Consumer<String> say) {
        try {
            return JfrCollector.begin(target, duration, say);
        } catch (TargetException e) {
            say.accept("no JFR recording: " + e.getMessage());
            return null;
        }
    }

    private void collect(long target, java.time.Duration profileFor, Redactor redactor, JfrCollector recorder,
                         java.util.function.Consumer<String> say) {
        java.io.PrintWriter err = spec.commandLine().getErr();
        LiveSnapshot.Collected collected = LiveSnapshot.collect(target,
                new LiveSnapshot.Options(LiveSnapshot.Pools.agentUnless(noAgent), true, true, redactor));
        SnapshotSources sources = collected.sources();
        CollectExtras extras = new CollectExtras(target, redactor, say);
        Snapshot meta = SnapshotAssembler.assemble(sources);
        extras.readAll(meta.nmtMode() == null ? "off" : meta.nmtMode());
        if (profileFor != null) {
            extras.profile(profileFor);
        }
        SnapshotFolder.write(out, sources, collected.takenAtMillis(), target, extras.extras(), redactor);
        if (heapDump) {
            extras.heapDump((file, entry) -> SnapshotFolder.moveIn(out, file, "heap dump", entry));
        }
        if (recorder != null) {
            try {
                recorder.finish(SnapshotFolder.JFR_RECORDING, say, (file, entry) -> SnapshotFolder.moveIn(out, file, "JFR recording", entry));
            } catch (TargetException e) {
                say.accept("no JFR recording: " + e.getMessage());
            }
        }
        long files;
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(out)) {
            files = s.filter(java.nio.file.Files::isRegularFile).count();
        } catch (java.io.IOException e) {
            files = sources.files().size();
        }
        err.println("offheap collect: saved " + files + " files of pid " + target + " in " + out
                + " (MANIFEST.txt says what each is); read them with 'offheap analyze " + out + "'");
        err.println("offheap collect: " + (redactor.on() ? "the values of " + redactor.redactedKeys().size() + " keys redacted"
                + " (MANIFEST.txt lists the keys)" : "nothing redacted (--no-redact): the folder holds the target's secrets")
                + (heapDump ? "; heap.hprof is not redacted: it holds everything the Java heap holds" : "")
                + (recorder != null ? "; recording.jfr is not redacted: it holds the JVM's arguments as JFR recorded them" : ""));
    }
}
