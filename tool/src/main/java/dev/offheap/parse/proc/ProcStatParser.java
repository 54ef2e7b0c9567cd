package dev.offheap.parse.proc;

import dev.offheap.model.InputException;
import dev.offheap.model.ProcessStat;

/**
 * Reads {@code /proc/PID/stat} (one line, {@code man 5 proc}): the fields after the command name, which is in
 * parentheses and may itself hold spaces and parentheses, so the fields are counted from its last ')'.
 */
public final class ProcStatParser {
    // fields after "pid (comm)", numbered as in proc(5): 3 state … 10 minflt, 12 majflt, 14 utime, 15 stime, 20 num_threads
    private static final int MINFLT = 10;
    private static final int MAJFLT = 12;
    private static final int UTIME = 14;
    private static final int STIME = 15;
    private static final int THREADS = 20;

    private ProcStatParser() {
    }

    // "4242 (java) S 1 4242 4242 0 -1 4194560 55721 0 16 0 1040 188 0 0 20 0 19 0 …"
    public static ProcessStat parse(String text, String source) {
        int close = text.lastIndexOf(')');
        if (close < 0) {
            throw new InputException(source + ": expected 'PID (COMMAND) STATE …', found: " + head(text));
        }
        String[] f = text.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state)
        if (f.length < THREADS - 2) {
            throw new InputException(source + ": expected at least " + THREADS + " fields, found " + (f.length + 2));
        }
        try {
            return new ProcessStat(field(f, MINFLT), field(f, MAJFLT), field(f, UTIME), field(f, STIME), field(f, THREADS));
        } catch (NumberFormatException e) {
            throw new InputException(source + ": expected numbers in fields " + MINFLT + "-" + THREADS + ", found: " + head(text));
        }
    }

    private static long field(String[] f, int number) {
        return Long.parseLong(f[number - 3]);
    }

    private static String head(String text) {
        String line = text.strip();
        return '"' + (line.length() > 80 ? line.substring(0, 80) + "…" : line) + '"';
    }
}
