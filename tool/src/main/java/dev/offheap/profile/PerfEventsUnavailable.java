package dev.offheap.profile;

import dev.offheap.model.TargetException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * async-profiler could not open perf events in the target, so no page fault can be sampled there: the attach
 * answer says only "Agent_OnAttach failed", its log says why. {@code error} is the system's text for the errno of
 * {@code perf_event_open} ("Operation not permitted"), or null where the log gave none; {@link PerfEventRefusal}
 * turns it and what /proc says of the target into one line with the remedy.
 */
public final class PerfEventsUnavailable extends TargetException {
    private static final long serialVersionUID = 1L;
    // "[WARN] perf_event_open for TID 1152 failed: Operation not permitted"
    private static final Pattern OPEN_FAILED = Pattern.compile("perf_event_open for TID \\d+ failed: ([^\\n]+)");
    // "[ERROR] Perf events unavailable. Try --fdtransfer …", "[ERROR] Perf events resource limit. Check 'ulimit -n'"
    private static final Pattern UNAVAILABLE = Pattern.compile("\\[ERROR] (Perf events (?:unavailable|resource limit)[^\\n]*)");

    private final long pid;
    private final String error;
    private final String profilerMessage;

    public PerfEventsUnavailable(long pid, String error, String profilerMessage) {
        super("pid " + pid + ": perf events cannot be opened in the target: " + (error == null ? profilerMessage : error));
        this.pid = pid;
        this.error = error;
        this.profilerMessage = profilerMessage;
    }

    /** The refusal a profiler log tells of, if it tells of one. */
    static Optional<PerfEventsUnavailable> fromLog(long pid, String log) {
        Matcher m = UNAVAILABLE.matcher(log);
        if (!m.find()) {
            return Optional.empty();
        }
        Matcher open = OPEN_FAILED.matcher(log);
        return Optional.of(new PerfEventsUnavailable(pid, open.find() ? open.group(1).strip() : null, m.group(1).strip()));
    }

    public long pid() {
        return pid;
    }

    /** strerror of perf_event_open's errno, or null. */
    public String error() {
        return error;
    }

    /** async-profiler's own error line ("Perf events unavailable. Try …"). */
    public String profilerMessage() {
        return profilerMessage;
    }
}
