package dev.offheap.cli;

import dev.offheap.live.HeapDumper;
import dev.offheap.attach.AttachClient;
import dev.offheap.attach.Jcmd;
import dev.offheap.attach.JcmdException;
import dev.offheap.model.SnapshotSources;
import dev.offheap.model.TargetException;
import dev.offheap.parse.NativememJfrReader;
import dev.offheap.proc.ProcReader;
import dev.offheap.live.MallocProfiler;
import dev.offheap.profile.AsyncProfilerSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What {@code offheap collect} saves besides a snapshot's sources: /proc/PID/cmdline and cgroup files as they are,
 * NMT summary beside detail, class loader statistics and VM.metaspace (both safepoint operations), the code cache,
 * the JIT perf map (moved out of the target's /tmp), and on request a heap dump and a malloc profile.
 */
final class CollectExtras {
    private final long pid;
    private final SnapshotSources sources;
    private final Consumer<String> say;
    private final List<SnapshotFolder.Extra> extras = new ArrayList<>();
    private Jcmd jcmd;

    CollectExtras(long pid, SnapshotSources sources, Consumer<String> say) {
        this.pid = pid;
        this.sources = sources;
        this.say = say;
    }

    List<SnapshotFolder.Extra> extras() {
        return extras;
    }

    /** The files that need no pause of the target, then the two safepoint operations. */
    void readAll(String nmtMode) {
        ProcReader proc = new ProcReader(pid);
        bytes("cmdline.bin", proc.bytes("cmdline"), "copy of /proc/PID/cmdline (NUL-separated)", "read /proc/PID/cmdline");
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
        jcmd("classloader-stats.txt", "VM.classloader_stats", "class loaders by type, their classes and metaspace"
                + " (a safepoint operation: the JVM paused briefly)");
        jcmd("metaspace.txt", "VM.metaspace", "metaspace use, by loader and chunk (a safepoint operation: the JVM paused briefly)");
    }

    /** {@code GC.heap_dump -all} into a private folder of the target's /tmp, then moved into the collect folder. */
    void heapDump(Path dir) {
        say.accept("dumping the heap of pid " + pid + "; the JVM is paused while it writes the dump");
        long at = System.currentTimeMillis();
        try (HeapDumper.TakenDump taken = new HeapDumper().dump(pid)) {
            Files.move(taken.file(), dir.resolve("heap.hprof"));
            SnapshotFolder.appendManifest(dir, new SnapshotFolder.Extra("heap.hprof", null, "heap dump, all objects (read with 'offheap heap' or"
                    + " 'offheap analyze')", "attach: jcmd " + pid + " GC.heap_dump -all <private folder in its /tmp>", at));
        } catch (IOException e) {
            throw new TargetException("cannot move the heap dump into " + dir + ": " + e.getMessage());
        }
    }

    /** async-profiler's nativemem engine for {@code duration}; the recording is saved as nativemem.jfr. */
    void profile(Duration duration) {
        AsyncProfilerSession.Target t = MallocProfiler.describe(pid);
        long at = System.currentTimeMillis();
        try (AsyncProfilerSession session = AsyncProfilerSession.start(AttachClient.open(pid), t,
                new AsyncProfilerSession.Options(0, "dwarf", true, false), w -> say.accept("warning: " + w))) {
            say.accept("recording mallocs of pid " + pid + " for " + Quantities.text(duration));
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetException("interrupted while profiling");
            }
            Path jfr = session.stop();
            NativememJfrReader.read(jfr);
            extras.add(new SnapshotFolder.Extra("nativemem.jfr", read(jfr), "malloc/free recording of async-profiler's"
                    + " nativemem engine (JFR)", "async-profiler loaded through the attach API, event=nativemem, "
                    + Quantities.text(duration), at));
        }
    }

    private void perfMap() {
        long nspid = new ProcReader(pid).status().value().innermostPid();
        Path written = Path.of("/proc/" + pid + "/root/tmp/perf-" + nspid + ".map");
        boolean existed = Files.exists(written);
        long at = System.currentTimeMillis();
        try {
            jcmd().run("Compiler.perfmap");
            extras.add(new SnapshotFolder.Extra("perf-" + pid + ".map", read(written), "JIT perf map: addresses of compiled"
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
            extras.add(new SnapshotFolder.Extra(name, text.getBytes(StandardCharsets.UTF_8), what, "attach: jcmd " + pid + " " + command, at));
        } catch (JcmdException e) {
            note(name, "not read: jcmd " + command + ": " + e.getMessage().strip());
        }
    }

    private void bytes(String name, byte[] content, String what, String how) {
        extras.add(new SnapshotFolder.Extra(name, content, what, how.replace("PID", Long.toString(pid)), System.currentTimeMillis()));
    }

    /** A manifest line for a file that could not be taken (no file is written). */
    private void note(String name, String why) {
        extras.add(new SnapshotFolder.Extra(name, null, why, "", 0));
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
}
