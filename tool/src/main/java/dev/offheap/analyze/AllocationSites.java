package dev.offheap.analyze;

import dev.offheap.model.AllocationProfile;
import dev.offheap.model.AllocationSite;
import dev.offheap.model.StackFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
        return site(frames, bytes, count, 0);
    }

    public static AllocationSite site(List<StackFrame> frames, long bytes, long count, long scaledSamples) {
        return new AllocationSite(frames, bytes, count, callerLibrary(frames), javaMethod(frames), scaledSamples);
    }

    /**
     * The library of the first native frame, innermost first, outside libc, the allocators and the profiler; where
     * Java code calls a library's own malloc wrapper directly (JDK 25 compiles Unsafe_AllocateMemory0 into its caller,
     * leaving os::malloc in libjvm.so), that library.
     */
    public static String callerLibrary(List<StackFrame> frames) {
        String wrapperLibrary = null;
        for (StackFrame f : frames) {
            if (f.kind() == StackFrame.Kind.JAVA) {
                return wrapperLibrary;
            }
            if (f.library() != null && !isAllocator(f)) {
                return f.library();
            }
            if (f.library() != null && ALLOCATOR_PREFIXES.stream().noneMatch(f.library()::startsWith)) {
                wrapperLibrary = f.library();
            }
        }
        return null;
    }

    /**
     * The Java method nearest to malloc: for JNI code, the native method Java called, named by a Java frame or, when
     * the stack ends in the interpreter, by the JNI function's own name ({@code Java_pkg_Class_method}).
     */
    public static String javaMethod(List<StackFrame> frames) {
        for (StackFrame f : frames) {
            if (f.kind() == StackFrame.Kind.JAVA) {
                return f.name();
            }
            if (f.kind() == StackFrame.Kind.NATIVE && f.name().startsWith("Java_")) {
                String decoded = jniMethod(f.name());
                if (decoded != null) {
                    return decoded;
                }
            }
        }
        return null;
    }

    /**
     * "Java_com_github_luben_zstd_ZstdOutputStreamNoFinalizer_compressStream" → its Java method, undoing the JNI
     * escapes (_1 '_', _2 ';', _3 '[', _0xxxx a UTF-16 unit); an overload suffix after "__" is dropped.
     */
    static String jniMethod(String symbol) {
        String s = symbol.substring("Java_".length());
        int overload = s.indexOf("__");
        if (overload > 0) {
            s = s.substring(0, overload);
        }
        StringBuilder out = new StringBuilder();
        int lastDot = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '_') {
                out.append(c);
                continue;
            }
            char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
            if (next == '1' || next == '2' || next == '3') {
                out.append(next == '1' ? '_' : next == '2' ? ';' : '[');
                i++;
            } else if (next == '0' && i + 5 < s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                lastDot = out.length();
                out.append('.');
            }
        }
        return lastDot <= 0 ? null : out.toString();
    }

    static boolean isAllocator(StackFrame f) {
        if (ALLOCATOR_FUNCTIONS.contains(f.name())) {
            return true;
        }
        String lib = f.library();
        return lib != null && ALLOCATOR_PREFIXES.stream().anyMatch(lib::startsWith);
    }

    /** Merges sites with identical frames, largest bytes first (then by Java method, then in the order given). */
    public static List<AllocationSite> merge(List<AllocationSite> sites) {
        // linked: a frame's hash includes an enum's identity hash, so a plain HashMap's order (the last tie-break) varied by run
        Map<List<StackFrame>, long[]> sums = new LinkedHashMap<>();
        for (AllocationSite s : sites) {
            long[] t = sums.computeIfAbsent(s.frames(), k -> new long[3]);
            t[0] += s.bytes();
            t[1] += s.count();
            t[2] += s.scaledSamples();
        }
        List<AllocationSite> out = new ArrayList<>();
        sums.forEach((frames, t) -> out.add(site(frames, t[0], t[1], t[2])));
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
