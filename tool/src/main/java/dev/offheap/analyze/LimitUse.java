package dev.offheap.analyze;

import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.Optional;

/**
 * How full a JVM limit is, as the state rules judge it: nearly reached (warning) from {@value #NEARLY} of it, reached
 * (critical) from {@value #REACHED}, where an allocation of a few MiB already fails. The JVM refuses an allocation
 * that would pass the limit, so a leak ends just below it, at a distance that depends on its allocation size.
 */
public final class LimitUse {
    public static final double NEARLY = 0.90;
    public static final double REACHED = 0.95;

    private LimitUse() {
    }

    /** Empty below {@link #NEARLY} of the limit (or without one). */
    public static Optional<Severity> severity(long usedBytes, long limitBytes) {
        if (limitBytes <= 0) {
            return Optional.empty();
        }
        double share = (double) usedBytes / limitBytes;
        if (share >= REACHED) {
            return Optional.of(Severity.CRITICAL);
        }
        return share >= NEARLY ? Optional.of(Severity.WARNING) : Optional.empty();
    }

    /** "95.0 MiB of 96.0 MiB (99%), 1.0 MiB left". */
    public static String describe(long usedBytes, long limitBytes) {
        return Sizes.format(usedBytes) + " of " + Sizes.format(limitBytes) + " (" + Math.round(100.0 * usedBytes / limitBytes)
                + "%), " + Sizes.format(Math.max(0, limitBytes - usedBytes)) + " left";
    }
}
