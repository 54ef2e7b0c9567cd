package dev.offheap.capture;

import dev.offheap.redact.Redactor;
import java.nio.file.Path;
import java.util.List;

/**
 * How captures are taken: into {@code dir}, at the {@code percents} of the limit (ascending) or when the limit is
 * less than {@code aheadMillis} away at the current growth; the folder keeps at most {@code keep} captures and
 * {@code maxBytes}; {@code heapDump} adds a heap dump (a safepoint operation, off unless asked); {@code lockFile}
 * is the host's capture lock, waited for at most {@code lockWaitMillis}; {@code redaction} says what each capture
 * redacts (each capture gets a redactor of its own, so that its MANIFEST lists the keys it redacted).
 */
public record CaptureSettings(Path dir, List<Integer> percents, long aheadMillis, int keep, long maxBytes,
                              boolean heapDump, Path lockFile, long lockWaitMillis, Redactor redaction) {
    public static final List<Integer> DEFAULT_PERCENTS = List.of(75, 90);
    public static final long DEFAULT_AHEAD_MILLIS = 10 * 60_000;
    public static final int DEFAULT_KEEP = 20;
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    /** Long enough for another capture with its growth profile; short enough to matter before a kill. */
    public static final long DEFAULT_LOCK_WAIT_MILLIS = 60_000;

    public CaptureSettings {
        percents = percents.stream().sorted().distinct().toList();
    }

    /** A redactor as {@code redaction} is set, with no key redacted yet: one per capture. */
    public Redactor freshRedactor() {
        return redaction == null || redaction.on() ? Redactor.adding(redaction == null ? List.of() : redaction.addedPatterns())
                : Redactor.off();
    }
}
