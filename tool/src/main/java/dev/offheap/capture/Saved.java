package dev.offheap.capture;

import java.nio.file.Path;

/** A capture saved: of whom, why, where, when it started and ended, its size, and the measure that fired it. */
public record Saved(Subject subject, CaptureReason reason, Path dir, long startedAtMillis, long finishedAtMillis,
                    long bytes, CaptureMeasure measure) {
}
