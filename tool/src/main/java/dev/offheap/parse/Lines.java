package dev.offheap.parse;

/**
 * Walks the lines of a text without copying it twice, counting line numbers (1-based). A last line without its
 * newline is reported by {@link #unterminated()}: in /proc captures that means the copy was cut short.
 */
public final class Lines {
    private final String text;
    private int pos;
    private int number;
    private String line;
    private boolean unterminated;

    public Lines(String text) {
        this.text = text;
    }

    public boolean next() {
        if (pos >= text.length()) {
            return false;
        }
        int nl = text.indexOf('\n', pos);
        if (nl < 0) {
            line = text.substring(pos);
            pos = text.length();
            unterminated = true;
        } else {
            int end = nl > pos && text.charAt(nl - 1) == '\r' ? nl - 1 : nl;
            line = text.substring(pos, end);
            pos = nl + 1;
        }
        number++;
        return true;
    }

    public String line() {
        return line;
    }

    public int number() {
        return number;
    }

    /** Whether the current line is the last one and had no newline. */
    public boolean unterminated() {
        return unterminated;
    }

    /** Skips a first line "12345:" that jcmd prints before a command's output; true if one was there. */
    public boolean skipJcmdPidLine() {
        int save = pos;
        int saveNumber = number;
        while (next()) {
            if (line.isBlank()) {
                continue;
            }
            if (line.trim().matches("\\d+:")) {
                return true;
            }
            break;
        }
        pos = save;
        number = saveNumber;
        unterminated = false;
        return false;
    }
}
