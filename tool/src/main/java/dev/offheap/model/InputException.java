package dev.offheap.model;

/**
 * Input that cannot be used: a file that is missing, unreadable, empty or not in a supported format (exit 2). Its
 * message is one line: line breaks in input it quotes become '?'.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(oneLine(message));
    }

    public InputException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** The text with its line breaks (CR, LF, and the Unicode line and paragraph separators) as '?'. */
    static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                if (b == null) {
                    b = new StringBuilder(text);
                }
                b.setCharAt(i, '?');
            }
        }
        return b == null ? text : b.toString();
    }
}
