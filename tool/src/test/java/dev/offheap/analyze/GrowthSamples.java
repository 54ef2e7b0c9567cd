package dev.offheap.analyze;

import dev.offheap.model.FaultRecording;
import dev.offheap.model.FaultStack;
import dev.offheap.model.GrowthProfile;
import dev.offheap.model.GrowthWindow;
import dev.offheap.model.LibraryName;
import dev.offheap.model.StackFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Growth profiles built in code from stacks as async-profiler records them (innermost frame first), for the analysis tests. */
final class GrowthSamples {
    static final long MIB = 1 << 20;
    static final long PAGE = 4096;

    private final List<FaultStack> stacks = new ArrayList<>();
    private long rssStart = 200 * MIB;
    private long rssGrowth;
    private long hugeGrowth;
    private int threadsStart = 20;
    private int threadsEnd = 20;
    private long interval = 1;

    /** {@code faults} faults (sampled one per interval) with these frames in thread {@code thread} (tid {@code tid}). */
    GrowthSamples stack(String thread, long tid, long faults, StackFrame... frames) {
        stacks.add(new FaultStack(List.of(frames), thread, tid, faults / interval, faults));
        return this;
    }

    GrowthSamples grew(long bytes) {
        rssGrowth = bytes;
        return this;
    }

    GrowthSamples huge(long bytes) {
        hugeGrowth = bytes;
        return this;
    }

    GrowthSamples threads(int start, int end) {
        threadsStart = start;
        threadsEnd = end;
        return this;
    }

    GrowthSamples interval(long faultsPerSample) {
        interval = faultsPerSample;
        return this;
    }

    GrowthProfile build() {
        return build(Map.of(), Set.of());
    }

    GrowthProfile build(Map<String, LibraryName> names, Set<String> unsized) {
        long faults = stacks.stream().mapToLong(FaultStack::faults).sum();
        GrowthWindow w = new GrowthWindow(15_000, rssStart, rssStart + rssGrowth, 0, hugeGrowth, faults, PAGE, threadsStart,
                threadsEnd, List.of(new GrowthWindow.Chunk(interval, 15_000)));
        FaultRecording r = new FaultRecording(stacks, stacks.stream().mapToLong(FaultStack::samples).sum(), 0, 0, 15_000_000_000L);
        return GrowthProfiles.build(w, List.of(r), lib -> names.getOrDefault(lib, LibraryName.of(lib)), unsized, List.of());
    }

    static StackFrame j(String method) {
        return StackFrame.java(method);
    }

    static StackFrame n(String name, String library) {
        return StackFrame.nativeFrame(name, library);
    }

    /** A JNA leak as JnaLeak makes it: Native.setMemory first touches what Native.malloc (tail-calling libc) allocated. */
    static GrowthSamples jna(long faults) {
        return new GrowthSamples()
                .stack("main", 10, faults * 98 / 100, n("__memset_evex_unaligned_erms", "libc.so.6"),
                        n("Java_com_sun_jna_Native_setMemory", "jna6961768071334614742.tmp"), j("com.sun.jna.Native.setMemory"),
                        j("com.sun.jna.Pointer.setMemory"), j("com.sun.jna.Memory.clear"), j("app.Registry.keep"), j("app.Main.main"))
                .stack("main", 10, faults * 2 / 100, n("sysmalloc", "libc.so.6"), n("_int_malloc", "libc.so.6"),
                        n("__GI___libc_malloc", "libc.so.6"), j("com.sun.jna.Native.malloc"), j("com.sun.jna.Memory.<init>"),
                        j("app.Registry.keep"), j("app.Main.main"));
    }
}
