package dev.offheap.model;

/** A target process that cannot be reached: no such process, not a JVM, attach refused, permission, gone (exit 3). */
public class TargetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
