package dev.offheap.parse.nmt;

import java.io.IOException;
import java.io.Reader;

/**
 * Lines of a text, like BufferedReader.readLine but faster on long inputs and telling whether the last line had
 * its terminator (a saved jcmd output always has one; without it the text was cut).
 */
final class NmtLineReader {
    private final Reader in;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean lastTerminated = true;
    private long lineNumber;

    NmtLineReader(Reader in) {
        this.in = in;
    }

    /** The next line without its terminator ("\n" or "\r\n"), or null at the end. */
    String next() throws IOException {
        StringBuilder carry = null;
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String s = new String(buf, pos, end - pos);
                    pos = i + 1;
                    lineNumber++;
                    lastTerminated = true;
                    return carry == null ? s : carry.append(s).toString();
                }
            }
            if (pos < limit) {
                carry = carry == null ? new StringBuilder(limit - pos + 80) : carry;
                carry.append(buf, pos, limit - pos);
            }
            pos = 0;
            limit = eof ? -1 : in.read(buf, 0, buf.length);
            if (limit < 0) {
                eof = true;
                limit = 0;
                if (carry == null || carry.length() == 0) {
                    return null;
                }
                lineNumber++;
                lastTerminated = false;
                return carry.toString();
            }
        }
    }

    long lineNumber() {
        return lineNumber;
    }

    /** False when the text's last line ended without a line terminator. */
    boolean lastTerminated() {
        return lastTerminated;
    }
}
