package dev.offheap.cli;

import dev.offheap.analyze.HeapProfiles;
import dev.offheap.analyze.ProfileFindings;
import dev.offheap.model.AllocationProfile;
import dev.offheap.model.AllocationSite;
import dev.offheap.model.Finding;
import dev.offheap.model.HeapProfile;
import dev.offheap.profile.LibraryCache;
import dev.offheap.profile.LibraryLocator;
import dev.offheap.profile.Symbolizer;
import dev.offheap.saved.HeapProfileFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Analysis of jemalloc heap_v2 profiles ({@code offheap analyze *.heap}, and {@code offheap run --jemalloc} at exit):
 * the files are read by {@link HeapProfileFiles}, every frame is named by offheap itself (ELF symbols of the mapped
 * libraries, deleted ones through /proc/PID/map_files or a library folder, JIT frames through perf maps), and the
 * report says what is allocated, or what grew since {@code --base}.
 */
public final class HeapProfileAnalysis {
    /** What to analyze and how; {@code base}, {@code pid}, {@code perfMap}, {@code collapsed} may be null. */
    public record Options(Path base, List<Path> libDirs, Long pid, Path perfMap, int top, Path collapsed) {
    }

    private HeapProfileAnalysis() {
    }

    /** Analyzes the latest of {@code files} (by jemalloc's sequence number) and prints it; returns the findings. */
    public static List<Finding> run(List<Path> files, Options o, OutputOptions output, PrintWriter out, PrintWriter err) {
        Consumer<String> warn = w -> err.println("offheap analyze: warning: " + w);
        Path latest = HeapProfileFiles.latest(files);
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
        HeapProfileFiles.Input in = HeapProfileFiles.read(heap, o.libDirs(), o.pid(), o.perfMap(), warn, notes);
        HeapProfile p = in.profile();
        Symbolizer symbolizer = new Symbolizer(p.mappedLibraries(), in.perfMap(), new LibraryLocator(in.libDirs(), in.pid()), warn,
                Symbolizer.DEBUG_ROOT, libraries);
        symbolizer.prefetch(p.stacks().stream().map(HeapProfile.Stack::addresses).toList());
        notes.add("sampled every " + p.samplePeriodBytes() + " bytes on average; counts scaled up as jeprof does");
        return HeapProfiles.sites(p, symbolizer::symbolize);
    }
}
