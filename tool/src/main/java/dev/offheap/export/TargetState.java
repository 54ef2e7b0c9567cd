package dev.offheap.export;

import dev.offheap.model.Finding;
import java.util.List;
import java.util.Map;

/**
 * What one JVM's last sampling cycle found, as {@code /metrics} shows it until the next cycle. {@code measured} is
 * null when the last sample failed ({@code error} says why); {@code sampleErrors} counts failed samples since the
 * JVM was first seen.
 */
public record TargetState(TargetLabels labels, Measured measured, String error, long sampleErrors) {
    /**
     * The figures of one sample and the analysis of the window of samples up to it. Maps are keyed by category name
     * (DESIGN.md §4) or, for limits, by the limit's name ({@code container}, {@code MaxHeapSize}, …); any
     * {@code Long} may be null where it was not read.
     */
    public record Measured(long rssBytes, Map<String, Long> residentBytes, Map<String, Long> committedBytes,
                           Long budgetBytes, Map<String, Long> limitBytes, Map<String, Double> growthBytesPerSecond,
                           Map<String, Double> secondsToLimit, List<Finding> findings, Long directBuffers,
                           Long threads, long glibcArenas, Long containerMemoryBytes, int windowSamples) {
        public Measured {
            residentBytes = Map.copyOf(residentBytes);
            committedBytes = Map.copyOf(committedBytes);
            limitBytes = Map.copyOf(limitBytes);
            growthBytesPerSecond = Map.copyOf(growthBytesPerSecond);
            secondsToLimit = Map.copyOf(secondsToLimit);
            findings = List.copyOf(findings);
        }
    }
}
