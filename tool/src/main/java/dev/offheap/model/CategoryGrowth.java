package dev.offheap.model;

/**
 * How one series grew during a watch: its last value, its robust slope per second and its steadiness (share of
 * rising sample pairs, 0..1); {@code secondsToLimit} is null when no limit applies or it is not rising towards it.
 */
public record CategoryGrowth(String name, long currentBytes, double bytesPerSecond, double steadiness,
                             Double secondsToLimit, String limitName) {
}
