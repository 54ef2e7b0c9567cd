package dev.offheap.cli;

/** A command line that cannot be carried out as given (exit 2). */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
