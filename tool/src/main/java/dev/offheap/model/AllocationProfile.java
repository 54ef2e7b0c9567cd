package dev.offheap.model;

import java.util.List;

/**
 * The result of malloc profiling: what is still allocated at the end ({@code leaked}, by stack, largest first, with
 * the same bytes grouped by library and by Java method) apart from churn (allocated and freed during the profile).
 * {@code mode} is {@code nativemem} (async-profiler, live) or {@code jemalloc} (heap_v2 profile: everything live
 * at the dump; {@code jemalloc-diff} against a base profile). Churn and recent figures are null where unknown.
 */
public record AllocationProfile(String mode, Long durationMillis, List<AllocationSite> leaked, List<Group> byLibrary,
                                List<Group> byJavaMethod, List<AllocationSite> churn, Long churnBytes, Long churnCount,
                                Long recentBytes, List<String> notes) {
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

    public long leakedCount() {
        return leaked.stream().mapToLong(AllocationSite::count).sum();
    }
}
