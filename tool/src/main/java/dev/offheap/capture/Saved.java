package dev.offheap.capture;

import java.nio.file.Path;
import java.util.List;

/**
 * A capture saved: of whom, why, where, when it started and ended, its size, the measure that fired it, and the
 * parts it went without ("growth profile", "heap dump"; its MANIFEST says why).
 */
public record Saved(Subject subject, CaptureReason reason, Path dir, long startedAtMillis, long finishedAtMillis,
                    long bytes, CaptureMeasure measure, List<String> missing) {
    public Saved {
        missing = List.copyOf(missing);
    }
}
