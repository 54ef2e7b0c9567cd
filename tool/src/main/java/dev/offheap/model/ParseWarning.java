package dev.offheap.model;

/**
 * A record a lenient parser skipped: where ({@code source}, 1-based {@code line}, 0 when unknown) and why.
 * Rendered as {@code source:line: message}, always on one line (input quoted in the message may hold line breaks).
 */
public record ParseWarning(String source, long line, String message) {
    public ParseWarning {
        message = InputException.oneLine(message);
    }

    @Override
    public String toString() {
        return line > 0 ? source + ":" + line + ": " + message : source + ": " + message;
    }
}
