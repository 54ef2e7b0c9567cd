package dev.offheap.live;

import dev.offheap.attach.AttachClient;
import dev.offheap.attach.Jcmd;
import dev.offheap.attach.JcmdException;
import dev.offheap.model.CollectedFile;
import dev.offheap.model.SnapshotSources;
import dev.offheap.model.TargetException;
import dev.offheap.parse.profiles.NativememJfrReader;
import dev.offheap.proc.ProcReader;
import dev.offheap.profile.AsyncProfilerSession;
import dev.offheap.redact.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What {@code offheap collect} saves besides a snapshot's sources: /proc/PID/cmdline and cgroup files as they are,
 * NMT summary beside detail, class loader statistics and VM.metaspace (both safepoint operations), the code cache,
 * the JIT perf map (moved out of the target's /tmp), and on request a heap dump and a malloc profile.
 */
public final class CollectExtras {
    private final long pid;
    private final SnapshotSources sources;
    private final Redactor redactor;
    private final Consumer<String> say;
    private final List<CollectedFile> extras = new ArrayList<>();
    private Jcmd jcmd;

    /** {@code redactor}: what it leaves of the command line (the snapshot's sources were read through it too). */
    public CollectExtras(long pid, SnapshotSources sources, Redactor redactor, Consumer<String> say) {
        this.pid = pid;
        this.sources = sources;
        this.redactor = redactor;
        this.say = say;
    }

    public List<CollectedFile> extras() {
        return extras;
    }

    /** The files that need no pause of the target, then the two safepoint operations. */
    public void readAll(String nmtMode) {
        readAll(nmtMode, true);
    }

    /**
     * The files that need no pause of the target, then, when {@code pauses} allows, the two safepoint operations;
     * without them, {@code VM.metaspace basic} (no safepoint) and a manifest line for each operation left out.
     */
    public void readAll(String nmtMode, boolean pauses) {
        ProcReader proc = new ProcReader(pid);
        bytes("cmdline.bin", proc.cmdlineBytes(redactor), "copy of /proc/PID/cmdline (NUL-separated)" + (redactor.on()
                ? ", redacted" : ""), "read /proc/PID/cmdline");
        bytes("proc-cgroup.txt", proc.bytes("cgroup"), "copy of /proc/PID/cgroup", "read /proc/PID/cgroup");
        for (Map.Entry<String, byte[]> e : proc.cgroupMemoryFiles().entrySet()) {
            bytes("cgroup/" + e.getKey(), e.getValue(), "copy of the memory cgroup's " + e.getKey(),
                    "read under /sys/fs/cgroup (the group named in /proc/PID/cgroup)");
        }
        if (nmtMode.equals("detail")) {
            jcmd("native-memory-summary.txt", "VM.native_memory summary", "NMT summary (native-memory.txt holds the detail)");
        } else if (nmtMode.equals("summary")) {
            note("native-memory-detail.txt", "NMT detail: not available, the JVM runs with NativeMemoryTracking=summary"
                    + " (detail needs a restart with -XX:NativeMemoryTracking=detail)");
        }
        if (!sources.has(SnapshotSources.CODE_CACHE)) {
            jcmd("compiler-codecache.txt", "Compiler.codecache", "code cache segments and their use");
        }
        perfMap();
        if (!pauses) {
            note("classloader-stats.txt", "not taken: VM.classloader_stats is a safepoint operation (the JVM would pause)");
            jcmd("metaspace.txt", "VM.metaspace basic", "metaspace use in sum (basic: no safepoint; the report by loader"
                    + " and chunk is a safepoint operation, not taken)");
            return;
        }
        jcmd("classloader-stats.txt", "VM.classloader_stats", "class loaders by type, their classes and metaspace"
                + " (a safepoint operation: the JVM paused briefly)");
        jcmd("metaspace.txt", "VM.metaspace", "metaspace use, by loader and chunk (a safepoint operation: the JVM paused briefly)");
    }

    /**
     * {@code GC.heap_dump -all} into a private folder of the target's /tmp; {@code keep} takes the file (to move it
     * where it belongs) and its manifest entry before the private folder is removed.
     */
    public void heapDump(BiConsumer<Path, CollectedFile> keep) {
        say.accept("dumping the heap of pid " + pid + "; the JVM is paused while it writes the dump");
        long at = System.currentTimeMillis();
        try (HeapDumper.TakenDump taken = new HeapDumper().dump(pid)) {
            keep.accept(taken.file(), new CollectedFile("heap.hprof", null, "heap dump, all objects (read with 'offheap heap' or"
                    + " 'offheap analyze'); NOT redacted: it holds everything the Java heap holds, secrets included", "attach: jcmd " + pid + " GC.heap_dump -all <private folder in its /tmp>", at));
        }
    }

    /** async-profiler's nativemem engine for {@code duration}; the recording is saved as nativemem.jfr. */
    public void profile(Duration duration) {
        AsyncProfilerSession.Target t = MallocProfiler.describe(pid);
        long at = System.currentTimeMillis();
        try (AsyncProfilerSession session = AsyncProfilerSession.start(AttachClient.open(pid), t,
                new AsyncProfilerSession.Options(0, "dwarf", true, false), w -> say.accept("warning: " + w))) {
            say.accept("recording mallocs of pid " + pid + " for " + text(duration));
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetException("interrupted while profiling");
            }
            Path jfr = session.stop();
            NativememJfrReader.read(jfr);
            extras.add(new CollectedFile("nativemem.jfr", read(jfr), "malloc/free recording of async-profiler's"
                    + " nativemem engine (JFR)", "async-profiler loaded through the attach API, event=nativemem, "
                    + text(duration), at));
        }
    }

    private void perfMap() {
        long nspid = new ProcReader(pid).status().value().innermostPid();
        Path written = Path.of("/proc/" + pid + "/root/tmp/perf-" + nspid + ".map");
        boolean existed = Files.exists(written);
        long at = System.currentTimeMillis();
        try {
            jcmd().run("Compiler.perfmap");
            extras.add(new CollectedFile("perf-" + pid + ".map", read(written), "JIT perf map: addresses of compiled"
                    + " Java methods", "attach: jcmd " + pid + " Compiler.perfmap (written to the target's /tmp, moved here)", at));
        } catch (JcmdException e) {
            note("perf-" + pid + ".map", "no perf map: " + e.getMessage().strip() + " (Compiler.perfmap exists from JDK 17)");
        } catch (TargetException e) {
            note("perf-" + pid + ".map", "no perf map: " + e.getMessage());
        } finally {
            if (!existed) {
                try {
                    Files.deleteIfExists(written);
                } catch (IOException e) {
                    say.accept("warning: cannot delete " + written + ": " + e.getMessage());
                }
            }
        }
    }

    private void jcmd(String name, String command, String what) {
        long at = System.currentTimeMillis();
        try {
            String text = jcmd().run(command);
            extras.add(new CollectedFile(name, text.getBytes(StandardCharsets.UTF_8), what, "attach: jcmd " + pid + " " + command, at));
        } catch (JcmdException e) {
            note(name, "not read: jcmd " + command + ": " + e.getMessage().strip());
        }
    }

    private void bytes(String name, byte[] content, String what, String how) {
        extras.add(new CollectedFile(name, content, what, how.replace("PID", Long.toString(pid)), System.currentTimeMillis()));
    }

    /** A manifest line for a file that could not be taken (no file is written). */
    private void note(String name, String why) {
        extras.add(new CollectedFile(name, null, why, "", 0));
    }

    private Jcmd jcmd() {
        if (jcmd == null) {
            jcmd = Jcmd.attach(pid);
        }
        return jcmd;
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new TargetException("cannot read " + p + ": " + e.getMessage());
        }
    }

    /** "500 ms", "10 s", "2 min". */
    private static String text(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 60_000 == 0 ? ms / 60_000 + " min" : (ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s");
    }
}
