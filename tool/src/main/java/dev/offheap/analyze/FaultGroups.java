package dev.offheap.analyze;

import dev.offheap.model.FaultStack;
import dev.offheap.model.GrowthGroup;
import dev.offheap.model.LibraryName;
import dev.offheap.model.StackFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Sums page-fault stacks into groups ({@link FaultClassifier}), largest first: faults and bytes, the methods of a JNI
 * class with their shares, the Java caller (the first frame outside the JDK and the class's own package), the library
 * that exports the class's {@code Java_<class>_<method>} functions (not simply the frame under the Java one: JNA's
 * Native.malloc tail-calls libc's malloc), the threads, and the most frequent stack.
 */
final class FaultGroups {
    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.crypto.", "com.sun.org.",
            "com.sun.proxy.");
    private static final Set<String> ALLOCATORS = Set.of("malloc", "__libc_malloc", "__GI___libc_malloc", "_int_malloc",
            "sysmalloc", "calloc", "__libc_calloc", "realloc", "__libc_realloc", "_int_realloc", "mmap", "__mmap", "mmap64",
            "os::malloc", "os::realloc", "Unsafe_AllocateMemory0", "Unsafe_ReallocateMemory0");

    /** Sums while the stacks are read. */
    private static final class Sum {
        FaultClassifier.Placement placement;
        final Map<FaultClassifier.Placement, long[]> placements = new LinkedHashMap<>();
        long faults;
        long samples;
        final Set<Long> tids = new HashSet<>();
        final Map<String, long[]> methods = new LinkedHashMap<>();
        final Map<String, long[]> allocating = new HashMap<>();
        final Map<String, long[]> callers = new LinkedHashMap<>();
        final Map<String, long[]> exporters = new LinkedHashMap<>();
        final Map<String, long[]> under = new LinkedHashMap<>();
        final Map<String, long[]> threads = new LinkedHashMap<>();
        final Map<List<StackFrame>, long[]> stacks = new LinkedHashMap<>();

        Sum(FaultClassifier.Placement placement) {
            this.placement = placement;
        }
    }

    private FaultGroups() {
    }

    /**
     * @param growthBytes  the RSS growth of the window, null when it did not grow (no group explains anything then)
     * @param threadsAdded threads the process had more at the end of the window than at its start
     * @param names       libraries by file name as they should be shown (extracted copies by their origin)
     */
    static List<GrowthGroup> group(List<FaultStack> stacks, long pageSize, Long growthBytes, int threadsAdded,
                                   Function<String, LibraryName> names) {
        Map<String, Sum> sums = new LinkedHashMap<>();
        long total = 0;
        for (FaultStack s : stacks) {
            FaultClassifier.Placement p = FaultClassifier.place(s.frames(), s.thread());
            Sum sum = sums.computeIfAbsent(p.key(), k -> new Sum(p));
            count(sum.placements, withoutFrame(p), s.faults());
            add(sum, s);
            total += s.faults();
        }
        List<GrowthGroup> out = new ArrayList<>();
        for (Sum sum : sums.values()) {
            out.add(finish(sum, total, pageSize, growthBytes, threadsAdded, names));
        }
        out.sort(Comparator.comparingLong(GrowthGroup::faults).reversed().thenComparing(GrowthGroup::key));
        return out;
    }

    private static void add(Sum sum, FaultStack s) {
        List<StackFrame> f = s.frames();
        int j = FaultClassifier.javaFrame(f);
        sum.faults += s.faults();
        sum.samples += s.samples();
        sum.tids.add(s.tid());
        count(sum.threads, FaultClassifier.threadGroup(s.thread()), s.faults());
        count(sum.stacks, f, s.faults());
        if (j >= 0) {
            String method = f.get(j).name();
            count(sum.methods, method, s.faults());
            boolean allocates = false;
            for (int i = 0; i < j; i++) {
                allocates |= ALLOCATORS.contains(f.get(i).name());
            }
            if (allocates) {
                count(sum.allocating, method, s.faults());
            }
            String caller = caller(f, j, sum.placement.javaClass());
            if (caller != null) {
                count(sum.callers, caller, s.faults());
            }
        }
        String prefix = sum.placement.javaClass() == null ? null : "Java_" + mangle(sum.placement.javaClass()) + "_";
        for (int i = 0; i < (j < 0 ? f.size() : j); i++) {
            StackFrame frame = f.get(i);
            if (prefix != null && frame.library() != null && frame.name().startsWith(prefix)) {
                count(sum.exporters, frame.library(), s.faults());
            }
        }
        String lib = j > 0 ? libraryUnder(f, j) : j < 0 ? firstLibrary(f) : null;
        if (lib != null) {
            count(sum.under, lib, s.faults());
        }
    }

    private static GrowthGroup finish(Sum sum, long total, long pageSize, Long growthBytes, int threadsAdded,
                                      Function<String, LibraryName> names) {
        // one Java class's stacks may be placed differently (defineClass1's malloc and its Metaspace::allocate): what the
        // JVM's own entry says wins over plain native code, then the most faults
        sum.placement = sum.placements.entrySet().stream().max(Comparator.<Map.Entry<FaultClassifier.Placement, long[]>>comparingInt(
                e -> e.getKey().kind() == GrowthGroup.Kind.JVM ? 1 : 0).thenComparingLong(e -> e.getValue()[0])).orElseThrow().getKey();
        FaultClassifier.Placement p = sum.placement;
        GrowthGroup.Kind kind = p.kind();
        String category = p.category();
        List<String> notes = new ArrayList<>();
        if (kind == GrowthGroup.Kind.JAVA && sum.tids.size() >= 3) {
            // the process gained threads, in proportion to the new ones sampled: they stay, with their stacks
            if (threadsAdded >= Math.max(2, sum.tids.size() / 4)) {
                kind = GrowthGroup.Kind.THREAD_STACKS;
                category = "thread-stacks";
            } else {
                notes.add(sum.tids.size() + " threads of this name were sampled while the thread count did not grow: threads"
                        + " that start and end fault their new stacks in each time");
            }
        }
        String libFile = top(sum.exporters);
        if (libFile == null) {
            libFile = top(sum.under);
        }
        if (kind == GrowthGroup.Kind.JNI && "libjvm.so".equals(libFile)) {
            // a native method the JVM implements itself (registered natives): not a JNI library's memory
            kind = GrowthGroup.Kind.JVM;
            category = "jvm-other";
        }
        List<GrowthGroup.Share> methods = shares(sum.methods, sum.faults);
        String allocatedIn = top(sum.allocating);
        if (allocatedIn != null && methods.size() > 1 && !methods.get(0).name().equals(allocatedIn)) {
            GrowthGroup.Share a = methods.stream().filter(m -> m.name().equals(allocatedIn)).findFirst().orElseThrow();
            notes.add(String.format(java.util.Locale.ROOT, "first touch is not the allocation: allocated in %s (%.0f%% of"
                    + " the faults), first touched in %s (%.0f%%)", allocatedIn, a.share() * 100, methods.get(0).name(),
                    methods.get(0).share() * 100));
        }
        long bytes = sum.faults * pageSize;
        Double explained = growthBytes == null || growthBytes <= 0 ? null : Math.min(bytes, growthBytes) / (double) growthBytes;
        List<GrowthGroup.Share> callers = shares(sum.callers, sum.faults);
        String thread = top(sum.threads);
        LibraryName library = libFile == null ? null : names.apply(libFile);
        String javaMethod = methods.isEmpty() ? null : methods.get(0).name();
        GrowthGroup.Share caller = callers.isEmpty() ? null : callers.get(0);
        return new GrowthGroup(kind, p.key(), FaultClassifier.title(kind, category, library, p.javaClass(), javaMethod, caller, thread),
                category, library, p.javaClass(), javaMethod, caller, thread, methods,
                sum.faults, sum.samples, bytes, total == 0 ? 0 : sum.faults / (double) total, explained,
                Math.min(1, 2 / Math.sqrt(Math.max(1, sum.samples))), sum.tids.size(), notes, topStack(sum.stacks));
    }

    private static FaultClassifier.Placement withoutFrame(FaultClassifier.Placement p) {
        return new FaultClassifier.Placement(p.key(), p.kind(), p.category(), p.javaClass(), -1);
    }

    /** The first Java frame rootward of {@code j} outside the JDK and outside {@code javaClass}'s package. */
    static String caller(List<StackFrame> f, int j, String javaClass) {
        String own = javaClass == null ? null : packageOf(javaClass);
        for (int i = j; i < f.size(); i++) {
            StackFrame frame = f.get(i);
            if (frame.kind() != StackFrame.Kind.JAVA) {
                continue;
            }
            String name = frame.name();
            if (JDK.stream().noneMatch(name::startsWith) && (own == null || !name.startsWith(own + "."))) {
                return name;
            }
        }
        return null;
    }

    /** The first three segments of a class's package ("com.github.luben" of "com.github.luben.zstd.Zstd"). */
    static String packageOf(String cls) {
        String[] parts = cls.split("\\.");
        int n = Math.min(3, parts.length - 1);
        return n <= 0 ? cls : String.join(".", java.util.Arrays.copyOf(parts, n));
    }

    /** The library of the native code directly under the Java frame, past libc where it is a tail-called allocator. */
    private static String libraryUnder(List<StackFrame> f, int j) {
        String first = null;
        for (int i = j - 1; i >= 0; i--) {
            String lib = f.get(i).library();
            if (lib == null) {
                continue;
            }
            if (first == null) {
                first = lib;
            }
            if (!lib.startsWith("libc.so") && !lib.startsWith("libc-")) {
                return lib;
            }
        }
        return first;
    }

    private static String firstLibrary(List<StackFrame> f) {
        String any = null;
        for (StackFrame frame : f) {
            if (frame.library() != null) {
                if (!FaultClassifier.isSystemOrJvm(frame.library())) {
                    return frame.library();
                }
                if (any == null || any.startsWith("libc")) {
                    any = frame.library();
                }
            }
        }
        return any;
    }

    /** A class name as JNI spells it in a function name: '_' → "_1", '$' → "_00024", '.' → '_'. */
    static String mangle(String cls) {
        StringBuilder sb = new StringBuilder();
        for (char c : cls.toCharArray()) {
            switch (c) {
                case '_' -> sb.append("_1");
                case '.' -> sb.append('_');
                case ';' -> sb.append("_2");
                case '[' -> sb.append("_3");
                default -> {
                    if (c < 128 && (Character.isLetterOrDigit(c))) {
                        sb.append(c);
                    } else {
                        sb.append(String.format("_0%04x", (int) c));
                    }
                }
            }
        }
        return sb.toString();
    }

    private static <K> void count(Map<K, long[]> m, K key, long n) {
        m.computeIfAbsent(key, k -> new long[1])[0] += n;
    }

    private static String top(Map<String, long[]> m) {
        return m.entrySet().stream().max(Comparator.comparingLong(e -> e.getValue()[0])).map(Map.Entry::getKey).orElse(null);
    }

    private static List<StackFrame> topStack(Map<List<StackFrame>, long[]> m) {
        return m.entrySet().stream().max(Comparator.comparingLong(e -> e.getValue()[0])).map(Map.Entry::getKey).orElse(List.of());
    }

    private static List<GrowthGroup.Share> shares(Map<String, long[]> m, long total) {
        List<GrowthGroup.Share> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new GrowthGroup.Share(k, v[0], total == 0 ? 0 : v[0] / (double) total)));
        out.sort(Comparator.comparingLong(GrowthGroup.Share::faults).reversed().thenComparing(GrowthGroup.Share::name));
        return out;
    }
}
