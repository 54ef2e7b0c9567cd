package dev.offheap.model;

import java.util.List;

/**
 * The growth profile of a live JVM: page faults sampled over a window, grouped by what touched new memory, against
 * how much the RSS grew in the same window. {@code grew} is false when the RSS did not grow by more than noise
 * (then no group is growth, whatever faults were taken); {@code explained} is the share of the RSS growth the
 * sampled faults account for (null when it did not grow); {@code churn} the faults' estimate over the growth
 * (above 1: memory released and faulted again). {@code stacks}: every sampled stack with the estimated bytes it
 * touched ({@code count}: its faults), the thread as its outermost frame. {@code dropped}: samples of the profiler's
 * own start, left out.
 */
public record GrowthProfile(GrowthWindow window, boolean grew, long noiseBytes, Double explained, Double churn,
                            long sampledFaults, long samples, long estimatedBytes, long dropped, List<GrowthGroup> groups,
                            List<AllocationSite> stacks, List<String> notes) {
    public GrowthProfile {
        groups = List.copyOf(groups);
        stacks = List.copyOf(stacks);
        notes = List.copyOf(notes);
    }

    public long rssGrowthBytes() {
        return window.rssGrowthBytes();
    }

    /** The RSS growth per second over the window. */
    public double growthPerSecond() {
        return window.durationMillis() <= 0 ? 0 : rssGrowthBytes() * 1000.0 / window.durationMillis();
    }
}
