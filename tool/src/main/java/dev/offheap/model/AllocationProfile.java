package dev.offheap.model;

import java.util.List;

/**
 * The result of malloc profiling: what is still allocated at the end ({@code leaked}, by stack, largest first, with
 * the same bytes grouped by library and by Java method) apart from churn (allocated and freed during the profile).
 * {@code mode} is {@code nativemem} (async-profiler, live) or {@code jemalloc} (heap_v2 profile: everything live
 * at the dump; {@code jemalloc-diff} against a base profile; {@code nativemem-nofree}: frees not recorded, so
 * {@code leaked} is everything allocated, not judged; {@code nativemem-unjudged}: frees recorded too briefly to say
 * that nothing leaked, the first note says why). Churn and recent figures are null where unknown.
 * {@code intervalBytes}: async-profiler's sampling interval (0 every call; null where not async-profiler), by which
 * sampled byte and call figures are already scaled; {@code judgedMillis}: the part of the recording whose
 * allocations were judged leaked or churn (null where not known).
 */
public record AllocationProfile(String mode, Long durationMillis, List<AllocationSite> leaked, List<Group> byLibrary,
                                List<Group> byJavaMethod, List<AllocationSite> churn, Long churnBytes, Long churnCount,
                                Long recentBytes, List<String> notes, Long intervalBytes, Long judgedMillis) {
    /** Bytes and allocations under one key (a library or a Java method). */
    public record Group(String key, long bytes, long count) {
    }

    public AllocationProfile {
        leaked = List.copyOf(leaked);
        byLibrary = List.copyOf(byLibrary);
        byJavaMethod = List.copyOf(byJavaMethod);
        churn = List.copyOf(churn);
        notes = List.copyOf(notes);
    }

    public long leakedBytes() {
        return leaked.stream().mapToLong(AllocationSite::bytes).sum();
    }

    /** True where the figures are scaled from samples (one allocation recorded per {@code intervalBytes}). */
    public boolean sampled() {
        return intervalBytes != null && intervalBytes > 0;
    }

    /**
     * The relative error (two standard deviations) of the bytes of these sites as scaled from samples: n recorded
     * allocations smaller than the interval I stand for n * I bytes, give or take 2 * sqrt(n) * I; allocations of I or
     * more are all recorded and add no error. 0 where every call was recorded.
     */
    public double relativeError(List<AllocationSite> sites) {
        long bytes = sites.stream().mapToLong(AllocationSite::bytes).sum();
        long samples = sites.stream().mapToLong(AllocationSite::scaledSamples).sum();
        if (!sampled() || bytes <= 0 || samples == 0) {
            return 0;
        }
        return Math.min(1, 2 * Math.sqrt(samples) * intervalBytes / bytes);
    }

    public long leakedCount() {
        return leaked.stream().mapToLong(AllocationSite::count).sum();
    }
}
