package dev.offheap.capture;

import dev.offheap.live.LiveSnapshot;
import dev.offheap.model.Recording;
import dev.offheap.model.WatchReport;

/**
 * A capture to take: of whom, why, the measure that fired it, the window of samples before it (a recording and its
 * analysis) and where the buffer pools come from (the follower's agent, or none).
 */
record CaptureRequest(Subject subject, CaptureReason reason, CaptureMeasure measure, Recording window,
                      WatchReport windowReport, LiveSnapshot.Pools pools, long requestedAtMillis) {
}
