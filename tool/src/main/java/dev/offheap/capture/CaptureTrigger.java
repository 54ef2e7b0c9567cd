package dev.offheap.capture;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When one JVM is captured: the first time it reaches each share of its limit, or the first time the limit is less
 * than a set time away. Each reason fires once in the JVM's life: a JVM that stays near its limit is captured once
 * per threshold, never again. A sample past several thresholds at once fires the highest and counts the lower ones
 * as done (one capture of that moment is enough). Not thread-safe: one per JVM, used by its sampler.
 */
final class CaptureTrigger {
    private final List<Integer> percents;
    private final long aheadMillis;
    private final Set<String> fired = new HashSet<>();

    CaptureTrigger(List<Integer> percents, long aheadMillis) {
        this.percents = List.copyOf(percents);
        this.aheadMillis = aheadMillis;
    }

    /** The reason to capture now, if one fires with this measure; it is then marked as done. */
    Optional<CaptureReason> check(CaptureMeasure m) {
        double share = m.percent();
        CaptureReason highest = null;
        for (int p : percents) {
            if (share >= p && !fired.contains(CaptureReason.threshold(p).label())) {
                highest = CaptureReason.threshold(p);
            }
        }
        boolean soon = m.secondsToLimit() != null && m.secondsToLimit() * 1000 < aheadMillis;
        if (highest != null) {
            for (int p : percents) {
                if (p <= highest.percent()) {
                    fired.add(CaptureReason.threshold(p).label());
                }
            }
            if (soon) {
                fired.add(CaptureReason.TIME_TO_LIMIT.label()); // this capture is of that moment too
            }
            return Optional.of(highest);
        }
        if (soon && fired.add(CaptureReason.TIME_TO_LIMIT.label())) {
            return Optional.of(CaptureReason.TIME_TO_LIMIT);
        }
        return Optional.empty();
    }
}
