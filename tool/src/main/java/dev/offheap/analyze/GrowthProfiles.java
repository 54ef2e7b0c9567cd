package dev.offheap.analyze;

import dev.offheap.model.AllocationSite;
import dev.offheap.model.FaultRecording;
import dev.offheap.model.FaultStack;
import dev.offheap.model.GrowthGroup;
import dev.offheap.model.GrowthProfile;
import dev.offheap.model.GrowthWindow;
import dev.offheap.model.LibraryName;
import dev.offheap.model.Sizes;
import dev.offheap.model.StackFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Turns page-fault recordings and the window they were taken in into a growth profile: groups, the share of the RSS
 * growth they explain, and what to make of a mismatch. A page fault is a first touch of a page, so faults follow RSS
 * growth: memory freed and reused faults no more. Where faults exceed the growth, memory was also released to the
 * kernel and faulted again (churn); where they fall short, huge pages (one fault maps 2 MiB) or memory the kernel
 * touched for the process. RSS that did not grow beyond noise names nothing, whatever faults were taken.
 */
public final class GrowthProfiles {
    /** RSS may move this much (or {@link #NOISE_SHARE} of it) without growing. */
    static final long NOISE_BYTES = 1L << 20;
    static final double NOISE_SHARE = 0.01;
    static final double CHURN = 1.15;
    static final double SHORT = 0.85;

    private GrowthProfiles() {
    }

    /**
     * @param names   how to show each library (by file name)
     * @param unsized "library`name" of frame names that are symbols without a size: async-profiler's name for code no
     *                symbol covers (past a stripped library's {@code _init}), shown as "[library]" instead
     */
    public static GrowthProfile build(GrowthWindow w, List<FaultRecording> recordings, Function<String, LibraryName> names,
                                      java.util.Set<String> unsized, List<String> extraNotes) {
        List<FaultStack> stacks = new ArrayList<>();
        long samples = 0;
        long dropped = 0;
        for (FaultRecording r : recordings) {
            for (FaultStack s : r.stacks()) {
                stacks.add(unsized.isEmpty() ? s : new FaultStack(unnamed(s.frames(), unsized), s.thread(), s.tid(), s.samples(), s.faults()));
            }
            samples += r.samples() - r.dropped();
            dropped += r.dropped();
        }
        long sampledFaults = stacks.stream().mapToLong(FaultStack::faults).sum();
        long estimated = sampledFaults * w.pageSizeBytes();
        long growth = w.rssGrowthBytes();
        long noise = Math.max(NOISE_BYTES, (long) (w.rssStartBytes() * NOISE_SHARE));
        boolean grew = growth > noise;
        List<GrowthGroup> groups = FaultGroups.group(stacks, w.pageSizeBytes(), grew ? growth : null,
                w.threadsEnd() - w.threadsStart(), names);
        Double explained = grew ? Math.min(estimated, growth) / (double) growth : null;
        Double churn = grew ? estimated / (double) growth : null;
        List<String> notes = new ArrayList<>(sampling(w, sampledFaults));
        if (!grew) {
            notes.add(String.format(Locale.ROOT, "RSS did not grow: %s in %.1f s (noise: up to %s); the %d faults sampled were"
                            + " of memory touched and given back, or touched anew after being freed: nothing grew",
                    Sizes.signed(growth), w.durationMillis() / 1000.0, Sizes.format(noise), sampledFaults));
        } else if (churn > CHURN) {
            notes.add(String.format(Locale.ROOT, "the faults stand for %.1fx the RSS growth: memory is also released to the"
                    + " kernel and faulted again (churn), so the shares name who touches new memory and the Java caller may be"
                    + " the churn rather than the leak; the malloc profile (--malloc --exact) tells leak from churn", churn));
        } else if (churn < SHORT) {
            notes.add(shortfall(w, churn));
        }
        if (dropped > 0) {
            notes.add(dropped + " samples of the profiler's own start (its library on the stack) are left out");
        }
        for (String u : unsized) {
            String lib = u.substring(0, u.indexOf('`'));
            notes.add("frames of " + lib + " that no symbol covers are shown as [" + lib + "]: async-profiler named them "
                    + u.substring(u.indexOf('`') + 1) + ", the nearest earlier symbol, which has no size");
        }
        notes.addAll(extraNotes);
        return new GrowthProfile(w, grew, noise, explained, churn, sampledFaults, samples, estimated, dropped, groups,
                sites(stacks, w.pageSizeBytes()), notes);
    }

    /**
     * The frames with those whose "library`name" is in {@code unsized} (symbols without a size: async-profiler's name
     * for code no symbol covers) shown as "[library]".
     */
    public static List<StackFrame> unnamed(List<StackFrame> frames, java.util.Set<String> unsized) {
        List<StackFrame> out = new ArrayList<>(frames.size());
        for (StackFrame f : frames) {
            out.add(f.library() != null && unsized.contains(f.library() + "`" + f.name())
                    ? StackFrame.nativeFrame("[" + f.library() + "]", f.library()) : f);
        }
        return out;
    }

    private static List<String> sampling(GrowthWindow w, long sampledFaults) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder("sampled ");
        if (w.chunks().size() == 1) {
            long i = w.chunks().get(0).interval();
            sb.append(i == 1 ? "every fault" : "one fault in " + i).append(" of each thread");
        } else {
            sb.append("one fault in ");
            List<String> parts = new ArrayList<>();
            w.chunks().forEach(c -> parts.add(c.interval() + " for " + String.format(Locale.ROOT, "%.1f s", c.millis() / 1000.0)));
            sb.append(String.join(", then ", parts)).append(" (chosen again as the fault rate changed)");
        }
        sb.append("; a fault maps a page of ").append(Sizes.format(w.pageSizeBytes()));
        out.add(sb.toString());
        if (w.kernelFaults() > 0 && sampledFaults < 0.8 * w.kernelFaults() && w.maxInterval() > 1) {
            out.add(String.format(Locale.ROOT, "the samples stand for %.0f%% of the %d faults the kernel counted: a thread that"
                            + " faults fewer times than the interval and stops is never sampled", 100.0 * sampledFaults / w.kernelFaults(),
                    w.kernelFaults()));
        }
        return out;
    }

    private static String shortfall(GrowthWindow w, double churn) {
        long huge = w.hugeGrowthBytes();
        if (huge > 0) {
            return String.format(Locale.ROOT, "the faults stand for %.2fx the RSS growth: %s of it is in transparent huge"
                    + " pages, where one fault maps 2 MiB and counts as one, so page-fault sampling undercounts that memory up"
                    + " to 512 times and the shares of what allocates it are too small", churn, Sizes.format(huge));
        }
        return String.format(Locale.ROOT, "the faults stand for %.2fx the RSS growth: memory also grew without a fault of the"
                + " process's own (file pages, pages the kernel filled for it) or in threads that faulted fewer times than the"
                + " interval", churn);
    }

    /** Each stack with its estimated bytes and faults, the thread (digits as N) as its outermost frame. */
    private static List<AllocationSite> sites(List<FaultStack> stacks, long pageSize) {
        List<AllocationSite> sites = new ArrayList<>();
        for (FaultStack s : stacks) {
            List<StackFrame> frames = new ArrayList<>(s.frames());
            frames.add(StackFrame.thread(FaultClassifier.threadGroup(s.thread())));
            sites.add(AllocationSites.site(frames, s.faults() * pageSize, s.faults()));
        }
        return AllocationSites.merge(sites);
    }
}
