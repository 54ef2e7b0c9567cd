package dev.offheap.capture;

/**
 * Why a capture is taken: a share of the limit reached ({@code percent} > 0) or the limit near in time (0). Its
 * {@code label} names it in folder names and in {@code offheap_captures_total{reason}}: "limit_75pct",
 * "time_to_limit"; {@code words} in log lines: "75% of the limit", "the time to the limit".
 */
public record CaptureReason(String label, int percent) {
    public static final CaptureReason TIME_TO_LIMIT = new CaptureReason("time_to_limit", 0);

    public static CaptureReason threshold(int percent) {
        return new CaptureReason("limit_" + percent + "pct", percent);
    }

    /** "the 90% capture", "the time-to-limit capture". */
    public String captureWords() {
        return percent > 0 ? "the " + percent + "% capture" : "the time-to-limit capture";
    }
}
