package dev.offheap.report;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * offheap's stdout and stderr: every character that could steer a terminal (C0 and C1 controls but tab and line
 * feed, DEL, the bidirectional overrides, the line and paragraph separators) is written as {@code \\uXXXX}. Text
 * from a target (process, thread, class and library names, paths, file contents quoted in errors) thus never
 * reaches the terminal as an escape sequence; in JSON, whose strings are the only place such characters can be,
 * {@code \\uXXXX} is the same character. offheap's own control sequences go through {@link #control}.
 */
public final class TerminalWriter extends PrintWriter {
    private final Writer raw;

    public TerminalWriter(Writer raw, boolean autoFlush) {
        super(new Neutraliser(raw), autoFlush);
        this.raw = raw;
    }

    /** Writes a control sequence of offheap's own (the live watch screen's home and clear) as it is. */
    public void control(String sequence) {
        flush();
        try {
            raw.write(sequence);
        } catch (IOException e) {
            setError();
        }
    }

    /** Whether a character is shown as {@code \\uXXXX}. */
    static boolean steers(char c) {
        return c < 0x20 && c != '\t' && c != '\n' || c >= 0x7f && c <= 0x9f
                || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069' || c == '\u2028' || c == '\u2029'
                || c == '\u200e' || c == '\u200f' || c == '\u061c';
    }

    private static final class Neutraliser extends FilterWriter {
        Neutraliser(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            if (steers((char) c)) {
                out.write(String.format("\\u%04x", c));
            } else {
                out.write(c);
            }
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (steers(cbuf[i])) {
                    out.write(cbuf, start, i - start);
                    write(cbuf[i]);
                    start = i + 1;
                }
            }
            out.write(cbuf, start, off + len - start);
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (steers(str.charAt(i))) {
                    out.write(str, start, i - start);
                    write(str.charAt(i));
                    start = i + 1;
                }
            }
            out.write(str, start, off + len - start);
        }
    }
}
