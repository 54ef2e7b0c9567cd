package dev.offheap.cli;

import dev.offheap.analyze.HeapProfiles;
import dev.offheap.analyze.ProfileFindings;
import dev.offheap.model.AllocationProfile;
import dev.offheap.model.AllocationSite;
import dev.offheap.model.Finding;
import dev.offheap.model.HeapProfile;
import dev.offheap.model.Parsed;
import dev.offheap.model.PerfMap;
import dev.offheap.parse.HeapV2Parser;
import dev.offheap.parse.PerfMapParser;
import dev.offheap.profile.LibraryCache;
import dev.offheap.profile.LibraryLocator;
import dev.offheap.profile.Symbolizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Analysis of jemalloc heap_v2 profiles ({@code offheap analyze *.heap}, and {@code offheap run --jemalloc} at exit):
 * symbolizes every frame itself (ELF symbols of the mapped libraries, deleted ones through /proc/PID/map_files or a
 * library folder, JIT frames through perf maps) and reports what is allocated, or what grew since {@code --base}.
 */
public final class HeapProfileAnalysis {
    // "jeprof.8612.254.i254.heap", "jeprof.8612.0.f.heap": prefix.pid.seq.kind.heap
    private static final Pattern JEPROF_NAME = Pattern.compile(".*\\.(\\d+)\\.(\\d+)\\.[a-z]+\\d*\\.heap$");

    /** What to analyze and how; {@code base}, {@code pid}, {@code perfMap}, {@code collapsed} may be null. */
    public record Options(Path base, List<Path> libDirs, Long pid, Path perfMap, int top, Path collapsed) {
    }

    private HeapProfileAnalysis() {
    }

    /** Whether a file starts like a heap_v2 profile. */
    public static boolean isHeapProfile(Path file) {
        try (var in = Files.newInputStream(file)) {
            return HeapV2Parser.sniff(in.readNBytes(16));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Analyzes the latest of {@code files} (by jemalloc's sequence number) and prints it; returns the findings. */
    public static List<Finding> run(List<Path> files, Options o, OutputOptions output, PrintWriter out, PrintWriter err) {
        Consumer<String> warn = w -> err.println("offheap analyze: warning: " + w);
        Path latest = files.stream().max(Comparator.comparingLong(HeapProfileAnalysis::sequence)).orElseThrow();
        List<String> notes = new ArrayList<>();
        if (files.size() > 1) {
            notes.add("latest of " + files.size() + " profiles: " + latest.getFileName());
        }
        LibraryCache libraries = new LibraryCache();
        List<AllocationSite> current = sites(latest, o, warn, notes, libraries);
        AllocationProfile profile;
        String title;
        if (o.base() != null) {
            List<AllocationSite> base = sites(o.base(), o, warn, new ArrayList<>(), libraries);
            profile = HeapProfiles.diff(base, current, notes);
            title = "offheap analyze: " + latest.getFileName() + " minus " + o.base().getFileName() + " (jemalloc heap profiles)";
        } else {
            profile = HeapProfiles.profile(current, notes);
            title = "offheap analyze: " + latest.getFileName() + " (jemalloc heap profile)";
        }
        List<Finding> findings = ProfileFindings.evaluate(profile);
        ProfileOutput.print(out, output, title, profile, findings, o.top(), o.collapsed(), null);
        return findings;
    }

    /** Parses and symbolizes one heap file into allocation sites. */
    public static List<AllocationSite> sites(Path heap, Options o, Consumer<String> warn, List<String> notes) {
        return sites(heap, o, warn, notes, new LibraryCache());
    }

    /** Parses and symbolizes one heap file, reading libraries through {@code libraries} (shared by the profiles of a run). */
    public static List<AllocationSite> sites(Path heap, Options o, Consumer<String> warn, List<String> notes, LibraryCache libraries) {
        Parsed<HeapProfile> parsed = HeapV2Parser.parse(heap);
        parsed.warnings().forEach(w -> warn.accept(w.toString()));
        HeapProfile p = parsed.value();
        Long pid = o.pid() != null ? o.pid() : livePid(heap);
        List<Path> libDirs = new ArrayList<>(o.libDirs());
        Path saved = siblings(heap).resolve("libs");
        if (Files.isDirectory(saved)) {
            libDirs.add(saved);
        }
        PerfMap perfMap = perfMap(heap, o.perfMap(), pid, notes, warn);
        Symbolizer symbolizer = new Symbolizer(p.mappedLibraries(), perfMap, new LibraryLocator(libDirs, pid), warn,
                Symbolizer.DEBUG_ROOT, libraries);
        symbolizer.prefetch(p.stacks().stream().map(HeapProfile.Stack::addresses).toList());
        notes.add("sampled every " + p.samplePeriodBytes() + " bytes on average; counts scaled up as jeprof does");
        return HeapProfiles.sites(p, symbolizer::symbolize);
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
