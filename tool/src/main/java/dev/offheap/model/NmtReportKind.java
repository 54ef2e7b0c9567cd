package dev.offheap.model;

/** Which {@code jcmd PID VM.native_memory} command produced a report; {@link #text()} is the command's option. */
public enum NmtReportKind {
    SUMMARY("summary"),
    DETAIL("detail"),
    SUMMARY_DIFF("summary.diff"),
    DETAIL_DIFF("detail.diff");

    private final String text;

    NmtReportKind(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public boolean isDiff() {
        return this == SUMMARY_DIFF || this == DETAIL_DIFF;
    }

    public boolean isDetail() {
        return this == DETAIL || this == DETAIL_DIFF;
    }
}
