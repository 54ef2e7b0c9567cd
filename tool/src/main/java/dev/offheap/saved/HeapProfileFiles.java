package dev.offheap.saved;

import dev.offheap.model.HeapProfile;
import dev.offheap.model.Parsed;
import dev.offheap.model.PerfMap;
import dev.offheap.parse.jcmd.PerfMapParser;
import dev.offheap.parse.profiles.HeapV2Parser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jemalloc heap_v2 profiles as inputs ({@code offheap analyze *.heap}, {@code offheap run --jemalloc}): the profile,
 * and what names its frames: the perf map and the copies of libraries saved beside it, and the process it came from
 * when that still runs (its pid is in jemalloc's file name).
 */
public final class HeapProfileFiles {
    // "jeprof.8612.254.i254.heap", "jeprof.8612.0.f.heap": prefix.pid.seq.kind.heap
    private static final Pattern JEPROF_NAME = Pattern.compile(".*\\.(\\d+)\\.(\\d+)\\.[a-z]+\\d*\\.heap$");

    /** A parsed profile with its perf map, the library folders to search and the live pid (null when none). */
    public record Input(HeapProfile profile, PerfMap perfMap, List<Path> libDirs, Long pid) {
    }

    private HeapProfileFiles() {
    }

    /** The latest of {@code files} by jemalloc's sequence number (files without one count as oldest). */
    public static Path latest(List<Path> files) {
        return files.stream().max(Comparator.comparingLong(HeapProfileFiles::sequence)).orElseThrow();
    }

    /**
     * Reads {@code heap}; {@code pid} (else the live pid of its file name), {@code perfMap} and {@code libDirs} as the
     * user gave them, or null/empty. Says in {@code notes} where JIT frames are named from.
     */
    public static Input read(Path heap, List<Path> libDirs, Long pid, Path perfMap, Consumer<String> warn, List<String> notes) {
        Parsed<HeapProfile> parsed = HeapV2Parser.parse(heap);
        parsed.warnings().forEach(w -> warn.accept(w.toString()));
        Long live = pid != null ? pid : livePid(heap);
        List<Path> dirs = new ArrayList<>(libDirs);
        Path saved = siblings(heap).resolve("libs");
        if (Files.isDirectory(saved)) {
            dirs.add(saved);
        }
        return new Input(parsed.value(), perfMap(heap, perfMap, live, notes, warn), dirs, live);
    }

    /** The perf map for a heap file: given, saved beside it by offheap run, or the live process's. */
    private static PerfMap perfMap(Path heap, Path given, Long pid, List<String> notes, Consumer<String> warn) {
        List<Path> candidates = new ArrayList<>();
        if (given != null) {
            candidates.add(given);
        }
        candidates.add(Path.of(heap + ".map"));
        long filePid = filePid(heap);
        if (filePid > 0) {
            candidates.add(siblings(heap).resolve("perf-" + filePid + ".map"));
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                Parsed<PerfMap> pm = PerfMapParser.parse(c);
                pm.warnings().forEach(w -> warn.accept(w.toString()));
                notes.add("JIT frames named from " + c.getFileName());
                return pm.value();
            }
        }
        notes.add("no perf map: JIT-compiled frames stay unnamed (offheap run --jemalloc saves one; or --perf-map)");
        return PerfMap.empty();
    }

    private static Path siblings(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    private static long sequence(Path heap) {
        Matcher m = JEPROF_NAME.matcher(heap.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(2)) : Long.MIN_VALUE;
    }

    private static long filePid(Path heap) {
        Matcher m = JEPROF_NAME.matcher(heap.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The pid in jemalloc's file name when that process still runs (the locator then checks inodes). */
    private static Long livePid(Path heap) {
        long pid = filePid(heap);
        return pid > 0 && Files.isDirectory(Path.of("/proc/" + pid + "/map_files")) ? pid : null;
    }
}
