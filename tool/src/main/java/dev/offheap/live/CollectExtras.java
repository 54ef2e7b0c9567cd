package dev.offheap.live;

import dev.offheap.attach.Jcmd;
import dev.offheap.attach.JcmdException;
import dev.offheap.model.CollectedFile;
import dev.offheap.model.TargetException;
import dev.offheap.model.GrowthWindow;
import dev.offheap.model.LibraryName;
import dev.offheap.parse.profiles.GrowthIndexParser;
import dev.offheap.proc.ProcReader;
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
 * NMT summary beside detail, class loader statistics and VM.metaspace (both safepoint operations),
 * the JIT perf map (moved out of the target's /tmp), and on request a heap dump and a growth profile.
 */
public final class CollectExtras {
    private final long pid;
    private final Redactor redactor;
    private final Consumer<String> say;
    private final List<CollectedFile> extras = new ArrayList<>();
    private Jcmd jcmd;

    /** {@code redactor}: what it leaves of the command line (the snapshot's sources were read through it too). */
    public CollectExtras(long pid, Redactor redactor, Consumer<String> say) {
        this.pid = pid;
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

    /**
     * The growth profile for {@code duration}: each page-fault recording is saved as pagefaults-N.jfr and
     * growth-profile.txt says what 'offheap analyze' needs besides them (the window, how libraries are named).
     */
    public void profile(Duration duration) {
        extras.addAll(growthProfile(pid, duration, say));
    }

    /**
     * The files of {@code pid}'s growth profile for {@code duration}, as {@link #profile} saves them (a capture adds
     * them to its folder afterwards): the page-fault recordings pagefaults-N.jfr, then growth-profile.txt.
     *
     * @throws TargetException when the target cannot be profiled (perf events refused: one line with the reason and
     *                         the remedy) or exits meanwhile
     */
    public static List<CollectedFile> growthProfile(long pid, Duration duration, Consumer<String> say) {
        long at = System.currentTimeMillis();
        List<CollectedFile> files = new ArrayList<>();
        GrowthProfiler.Recorded rec = GrowthProfiler.record(pid, new GrowthProfiler.Settings(duration, GrowthProfiler.DEFAULT_MAX_SAMPLES, null),
                say, (file, interval) -> files.add(new CollectedFile(file.getFileName().toString(), read(file),
                        "page-fault samples of the growth profile (async-profiler, JFR), one per " + interval + " faults of each thread",
                        "async-profiler loaded through the attach API, event=page-faults,interval=" + interval, at)));
        FaultLibraries.Named named = FaultLibraries.name(rec);
        List<String> names = files.stream().map(CollectedFile::name).toList();
        files.add(new CollectedFile("growth-profile.txt", index(rec, names, named).getBytes(StandardCharsets.UTF_8),
                "the growth profile's window (RSS and faults around the recordings) and library names, for 'offheap analyze'",
                "/proc/PID/smaps_rollup and /proc/PID/stat read after the profiler started and before it stopped; "
                        + text(duration), at));
        return files;
    }

    /**
     * growth-profile.txt (read by parse.profiles.GrowthIndexParser):
     * <pre>
     * # offheap growth profile 1
     * duration_ms 15012
     * rss_start 104857600          (bytes; likewise rss_end, huge_start, huge_end)
     * kernel_faults 30871          (minflt + majflt of /proc/PID/stat over the window)
     * page_size 4096
     * threads_start 21
     * threads_end 21
     * chunk pagefaults-1.jfr 9 15012       (file, faults per sample, milliseconds)
     * library FILE\tSHOWN\tPATH\tHOW    (tab-separated; PATH and HOW may be empty)
     * unsized LIBRARY`NAME
     * </pre>
     */
    static String index(GrowthProfiler.Recorded rec, List<String> files, FaultLibraries.Named named) {
        GrowthWindow w = rec.window();
        StringBuilder sb = new StringBuilder(GrowthIndexParser.HEADER).append('\n');
        sb.append("duration_ms ").append(w.durationMillis()).append('\n');
        sb.append("rss_start ").append(w.rssStartBytes()).append('\n');
        sb.append("rss_end ").append(w.rssEndBytes()).append('\n');
        sb.append("huge_start ").append(w.hugeStartBytes()).append('\n');
        sb.append("huge_end ").append(w.hugeEndBytes()).append('\n');
        sb.append("kernel_faults ").append(w.kernelFaults()).append('\n');
        sb.append("page_size ").append(w.pageSizeBytes()).append('\n');
        sb.append("threads_start ").append(w.threadsStart()).append('\n');
        sb.append("threads_end ").append(w.threadsEnd()).append('\n');
        for (int i = 0; i < w.chunks().size(); i++) {
            sb.append("chunk ").append(files.get(i)).append(' ').append(w.chunks().get(i).interval()).append(' ')
                    .append(w.chunks().get(i).millis()).append('\n');
        }
        for (LibraryName n : new java.util.TreeMap<>(named.names()).values()) {
            sb.append("library ").append(clean(n.file())).append('\t').append(clean(n.shown())).append('\t')
                    .append(n.path() == null ? "" : clean(n.path())).append('\t').append(n.how() == null ? "" : clean(n.how())).append('\n');
        }
        named.unsized().forEach(u -> sb.append("unsized ").append(clean(u)).append('\n'));
        return sb.toString();
    }

    /** A field of one line: no tab or line break can come from a file name into the format. */
    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
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
