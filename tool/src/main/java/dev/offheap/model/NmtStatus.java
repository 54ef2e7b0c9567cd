package dev.offheap.model;

/**
 * Whether a {@code VM.native_memory} response carries data. Everything but {@link #REPORTED} is a one-line answer
 * of the JVM (nmtDCmd.cpp), kept as a result: {@link #text()} is the line as the JVM prints it.
 */
public enum NmtStatus {
    REPORTED("Native Memory Tracking:"),
    /** Started without -XX:NativeMemoryTracking (or =off). */
    NOT_ENABLED("Native memory tracking is not enabled"),
    /** detail or detail.diff asked of a JVM tracking at summary level. */
    DETAIL_NOT_ENABLED("Detail tracking is not enabled"),
    /** JDK 8: NMT ran out of memory for itself and fell back to minimal tracking. */
    DOWNGRADED("Tracking level has been downgraded due to lack of resources"),
    /** After {@code VM.native_memory shutdown} (JDK 8 to 21). */
    SHUT_DOWN("Native memory tracking has been shutdown"),
    NO_BASELINE("No baseline for comparison"),
    NO_DETAIL_BASELINE("No detail baseline for comparison"),
    /** The answer to {@code VM.native_memory baseline}: no report, a baseline was stored. */
    BASELINE_TAKEN("Baseline taken"),
    BASELINE_FAILED("Baseline failed");

    private final String text;

    NmtStatus(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** True when NMT is off or cannot give what was asked (as opposed to a report or an acknowledged baseline). */
    public boolean unavailable() {
        return this != REPORTED && this != BASELINE_TAKEN;
    }
}
