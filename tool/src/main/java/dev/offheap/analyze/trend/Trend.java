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
 */
public record Trend(int samples, double spanSeconds, double slopePerSecond, double steadiness, double first,
                    double last, double lastObserved, double min, double max) {

    /** Growth of the median line over the whole watch. */
    public double growth() {
        return last - first;
    }

    /** Rising steadily: enough samples, a positive slope and most pairs rising. */
    public boolean risingSteadily(double minSteadiness) {
        return samples >= 4 && slopePerSecond > 0 && steadiness >= minSteadiness;
    }

    /** Seconds until {@code limit} at the current slope, or NaN when not rising or the limit is not above. */
    public double secondsTo(double limit) {
        if (slopePerSecond <= 0 || limit <= lastObserved) {
            return limit <= lastObserved && slopePerSecond > 0 ? 0 : Double.NaN;
        }
        return (limit - lastObserved) / slopePerSecond;
    }
}
