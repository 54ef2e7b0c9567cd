package dev.offheap.model;

import java.util.Locale;

/**
 * A target process that cannot be reached: no such process, not a JVM, attach refused, permission, gone (exit 3).
 * {@link #reason()} classifies it for those who count or route failures (offheap export's reason series).
 */
public class TargetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a target could not be reached; the text values are the label values of offheap export's series. */
    public enum Reason {
        /** -XX:+DisableAttachMechanism, or a JVM that cannot be asked to start its listener (-Xrs) */
        ATTACH_DISABLED,
        /** a file or socket of the target that this user may not read or that fails offheap's ownership checks */
        PERMISSION,
        /** the target runs as another user and offheap as neither that user nor root */
        OTHER_USER,
        /** not a HotSpot JVM */
        NOT_HOTSPOT,
        /** the JVM did not answer in time (stopped, overloaded) */
        TIMED_OUT,
        /** the process exited */
        EXITED,
        /** anything else: a command the JVM refused, an unexpected answer */
        FAILED;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public TargetException(String message) {
        this(Reason.FAILED, message);
    }

    public TargetException(String message, Throwable cause) {
        this(Reason.FAILED, message, cause);
    }

    public TargetException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public TargetException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
