package dev.offheap.report;

/**
 * A name from a target (class, thread, library, path, main class) or a text built from one, as one line of text
 * output: a line feed in it is written as {@code \\u000a}, as {@link TerminalWriter} writes every other control
 * character, so a name cannot start a line of its own that reads as offheap's (a forged "[CRITICAL]" finding, a
 * table row). JSON and HTML keep the name as it is.
 */
public final class OneLine {
    private OneLine() {
    }

    public static String of(String s) {
        return s == null || s.indexOf('\n') < 0 ? s : s.replace("\n", "\\u000a");
    }
}
