package dev.offheap.analyze;

import dev.offheap.model.AllocationProfile;
import dev.offheap.model.AllocationSite;
import dev.offheap.model.StackFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns stacks with byte and call totals into allocation sites: who called malloc, from which Java method. */
public final class AllocationSites {
    // the allocator and its wrappers: the caller we want is the first frame outside them
    private static final List<String> ALLOCATOR_PREFIXES = List.of("libc.so", "libc-", "libjemalloc", "libtcmalloc",
            "libasyncProfiler", "libstdc++", "ld-linux");
    private static final Set<String> ALLOCATOR_FUNCTIONS = Set.of("malloc", "calloc", "realloc", "free", "posix_memalign",
            "aligned_alloc", "memalign", "valloc", "operator new", "operator new[]", "os::malloc", "os::realloc");

    private AllocationSites() {
    }

    public static AllocationSite site(List<StackFrame> frames, long bytes, long count) {
        return new AllocationSite(frames, bytes, count, callerLibrary(frames), javaMethod(frames));
    }

    /** The library of the first native frame, innermost first, outside libc, the allocators and the profiler. */
    public static String callerLibrary(List<StackFrame> frames) {
        for (StackFrame f : frames) {
            if (f.kind() == StackFrame.Kind.JAVA) {
                return null;
            }
            if (f.library() != null && !isAllocator(f)) {
                return f.library();
            }
        }
        return null;
    }

    /** The Java method nearest to malloc: for JNI code, the native method Java called. */
    public static String javaMethod(List<StackFrame> frames) {
        for (StackFrame f : frames) {
            if (f.kind() == StackFrame.Kind.JAVA) {
                return f.name();
            }
        }
        return null;
    }

    static boolean isAllocator(StackFrame f) {
        if (ALLOCATOR_FUNCTIONS.contains(f.name())) {
            return true;
        }
        String lib = f.library();
        return lib != null && ALLOCATOR_PREFIXES.stream().anyMatch(lib::startsWith);
    }

    /** Merges sites with identical frames, largest bytes first. */
    public static List<AllocationSite> merge(List<AllocationSite> sites) {
        Map<List<StackFrame>, long[]> sums = new HashMap<>();
        for (AllocationSite s : sites) {
            long[] t = sums.computeIfAbsent(s.frames(), k -> new long[2]);
            t[0] += s.bytes();
            t[1] += s.count();
        }
        List<AllocationSite> out = new ArrayList<>();
        sums.forEach((frames, t) -> out.add(site(frames, t[0], t[1])));
        out.sort(Comparator.comparingLong(AllocationSite::bytes).reversed()
                .thenComparing(s -> String.valueOf(s.javaMethod())));
        return out;
    }

    public static List<AllocationProfile.Group> byLibrary(List<AllocationSite> sites) {
        return group(sites, s -> s.library() == null ? "(no native library)" : s.library());
    }

    public static List<AllocationProfile.Group> byJavaMethod(List<AllocationSite> sites) {
        return group(sites, s -> s.javaMethod() == null ? "(no Java frame)" : s.javaMethod());
    }

    private static List<AllocationProfile.Group> group(List<AllocationSite> sites, java.util.function.Function<AllocationSite, String> key) {
        Map<String, long[]> sums = new HashMap<>();
        for (AllocationSite s : sites) {
            long[] t = sums.computeIfAbsent(key.apply(s), k -> new long[2]);
            t[0] += s.bytes();
            t[1] += s.count();
        }
        List<AllocationProfile.Group> out = new ArrayList<>();
        sums.forEach((k, t) -> out.add(new AllocationProfile.Group(k, t[0], t[1])));
        out.sort(Comparator.comparingLong(AllocationProfile.Group::bytes).reversed().thenComparing(AllocationProfile.Group::key));
        return out;
    }
}
