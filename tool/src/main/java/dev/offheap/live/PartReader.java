package dev.offheap.live;

import dev.offheap.model.InputException;
import dev.offheap.model.TargetException;
import dev.offheap.proc.ProcReader;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the {@link Part}s of one sample or snapshot: a part that cannot be read (refused, timed out, unreadable, an
 * answer that does not parse) is remembered with its reason and the reading goes on; only the target's exit ends it.
 * Thread-safe (a snapshot reads /proc on a second thread).
 */
public final class PartReader {
    /** Parts made to fail: a seam for tests, empty otherwise ({@link #failForTests}). */
    private static volatile Set<Part> failing = Set.of();

    private final long pid;
    private final Map<Part, String> missing = Collections.synchronizedMap(new EnumMap<>(Part.class));

    PartReader(long pid) {
        this.pid = pid;
    }

    /**
     * Makes {@code parts} fail in every reader until the returned handle is closed, as a part fails for real (a
     * {@link TargetException}): for tests of what a report and the exporter do without them.
     */
    public static AutoCloseable failForTests(Set<Part> parts) {
        failing = Set.copyOf(parts);
        return () -> failing = Set.of();
    }

    /** The part as read, or empty (and remembered as missing) when it could not be. */
    <T> Optional<T> read(Part part, Supplier<T> reader) {
        try {
            if (failing.contains(part)) {
                throw new TargetException(TargetException.Reason.FAILED, "pid " + pid + ": " + part.text()
                        + " made to fail for a test");
            }
            return Optional.ofNullable(reader.get());
        } catch (TargetException e) {
            if (e.reason() == TargetException.Reason.EXITED || ProcReader.exited(pid)) {
                throw e;
            }
            missing.put(part, e.getMessage());
        } catch (InputException e) {
            missing.put(part, e.getMessage());
        }
        return Optional.empty();
    }

    /** Marks a part missing for a reason found without reading (e.g. an earlier failure that is not retried). */
    void missing(Part part, String reason) {
        missing.put(part, reason);
    }

    /** Like {@link #missing(Part, String)}, keeping the reason of a failed read when there was one. */
    void missingUnlessKnown(Part part, String reason) {
        missing.putIfAbsent(part, reason);
    }

    /** The parts that could not be read, each with its reason (one line). */
    public Map<Part, String> missing() {
        synchronized (missing) {
            return Map.copyOf(missing);
        }
    }
}
