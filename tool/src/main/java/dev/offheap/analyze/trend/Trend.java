package dev.offheap.analyze.trend;

/**
 * How one series moved during a watch: the robust slope (bytes or units per second), how steady the rise was, and
 * the values at both ends.
 *
 * @param slopePerSecond   Theil–Sen slope: the median of the slopes between all pairs of samples
 * @param steadiness       share of the sample pairs (later minus earlier) that rose, among those that changed:
 *                         1.0 rises every time, 0.5 is noise, 0 only falls; 0 when nothing changed
 * @param first            the median line's value at the first sample (robust against one odd first sample)
 * @param last             the median line's value at the last sample
 * @param lastObserved     the last value as sampled
 * @param tailSlopePerSecond the slope over the last quarter of the watch alone, the larger of its Theil–Sen slope
 *                         and its end-to-end rise (NaN with fewer than {@value #TAIL_SAMPLES} samples there)
 */
public record Trend(int samples, double spanSeconds, double slopePerSecond, double steadiness, double first,
                    double last, double lastObserved, double min, double max, double tailSlopePerSecond) {
    /** The share of the watch, at its end, over which {@link #tailSlopePerSecond()} is fitted. */
    public static final double TAIL_SHARE = 0.25;
    /** Samples the tail needs for its slope. */
    public static final int TAIL_SAMPLES = 4;
    /** A tail rising at less than this share of the whole watch's slope has levelled off. */
    public static final double LEVELLED_RATIO = 0.2;

    /** Growth of the median line over the whole watch. */
    public double growth() {
        return last - first;
    }

    /** Rising steadily: enough samples, a positive slope and most pairs rising. */
    public boolean risingSteadily(double minSteadiness) {
        return samples >= 4 && slopePerSecond > 0 && steadiness >= minSteadiness;
    }

    /**
     * Rose, then (nearly) stopped: over the last quarter of the watch the series rose at less than a fifth of its
     * slope over the whole watch. A warm-up that is over looks so (a heap filled to its working set, the classes of
     * a started application and the metadata the JIT adds to them); a leak still going at the end of the watch,
     * steadily or in steps shorter than the quarter, does not. False when the tail has too few samples to tell.
     */
    public boolean levelledOff() {
        return slopePerSecond > 0 && !Double.isNaN(tailSlopePerSecond) && tailSlopePerSecond < LEVELLED_RATIO * slopePerSecond;
    }

    /** Seconds until {@code limit} at the current slope, or NaN when not rising or the limit is not above. */
    public double secondsTo(double limit) {
        if (slopePerSecond <= 0 || limit <= lastObserved) {
            return limit <= lastObserved && slopePerSecond > 0 ? 0 : Double.NaN;
        }
        return (limit - lastObserved) / slopePerSecond;
    }
}
