package dev.offheap.model;

/** Input that cannot be used: a file that is missing, unreadable, empty or not in a supported format (exit 2). */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
