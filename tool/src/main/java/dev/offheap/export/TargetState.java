package dev.offheap.export;

import dev.offheap.model.Finding;
import dev.offheap.model.TargetException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one JVM's last sampling cycle found, as {@code /metrics} shows it until the next cycle. {@code measured} is
 * null when the JVM is not sampled: {@code down} says why (a fixed set of reasons) and {@code error} in words;
 * {@code missingParts} are the parts a sample went on without (part name → reason); {@code sampleErrors} counts
 * failed samples since the JVM was first seen.
 */
public record TargetState(TargetLabels labels, Measured measured, TargetException.Reason down, String error,
                          Map<String, String> missingParts, long sampleErrors) {
    public TargetState {
        missingParts = Map.copyOf(missingParts);
    }

    /** A JVM sampled, without the parts in {@code missingParts}. */
    static TargetState up(TargetLabels labels, Measured measured, Map<String, String> missingParts, long sampleErrors) {
        return new TargetState(labels, measured, null, null, missingParts, sampleErrors);
    }

    /** A JVM not sampled, for {@code reason}. */
    static TargetState down(TargetLabels labels, TargetException.Reason reason, String error, long sampleErrors) {
        return new TargetState(labels, null, reason, error, Map.of(), sampleErrors);
    }

    /**
     * What the exporter's log compares from one cycle to the next: null for a full sample, else the reason it is not
     * sampled or the parts it went without (their messages may change from one sample to the next; these do not).
     */
    String conditionKey() {
        if (measured == null) {
            return "down " + down.text();
        }
        return missingParts.isEmpty() ? null : "without " + String.join(",", new java.util.TreeSet<>(missingParts.keySet()));
    }

    /**
     * What the exporter's log says of this state: null for a full sample, else "not sampled (reason): error" or
     * "sampled without buffer_pools (why); …".
     */
    String condition() {
        if (measured == null) {
            return "not sampled (" + down.text() + "): " + error;
        }
        if (missingParts.isEmpty()) {
            return null;
        }
        return "sampled without " + missingParts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining("; "));
    }

    /**
     * The figures of one sample and the analysis of the window of samples up to it. Maps are keyed by category name
     * (DESIGN.md §4) or, for limits, by the limit's name ({@code container}, {@code MaxHeapSize}, …); any
     * {@code Long} may be null where it was not read. {@code limitUsedBytes}: what counts against each JVM limit
     * (direct buffers, committed metaspace and class space, code cache). {@code cgroupPath}: the cgroup whose
     * working set {@code containerMemoryBytes} is, given only for a JVM in a container or in a cgroup with a memory
     * limit (else both are null: a JVM in a host's session or service slice is not a container).
     */
    public record Measured(long rssBytes, Map<String, Long> residentBytes, Map<String, Long> committedBytes,
                           Long budgetBytes, Map<String, Long> limitBytes, Map<String, Long> limitUsedBytes,
                           Map<String, Double> growthBytesPerSecond, Map<String, Double> secondsToLimit,
                           List<Finding> findings, Long directBuffers, Long threads, long glibcArenas,
                           Long containerMemoryBytes, String cgroupPath, int windowSamples) {
        public Measured {
            residentBytes = Map.copyOf(residentBytes);
            committedBytes = Map.copyOf(committedBytes);
            limitBytes = Map.copyOf(limitBytes);
            limitUsedBytes = Map.copyOf(limitUsedBytes);
            growthBytesPerSecond = Map.copyOf(growthBytesPerSecond);
            secondsToLimit = Map.copyOf(secondsToLimit);
            findings = List.copyOf(findings);
        }
    }
}
