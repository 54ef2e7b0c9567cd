package dev.offheap.parse.hprof;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The text of the few {@code java.lang.String} objects the views name (thread names, file paths): a String's
 * {@code value} array is read back from the file at the offset the views pass noted. JDK 9+ strings are byte[] with
 * a coder (0 Latin-1, 1 UTF-16 in the dumping machine's order, little-endian on x86/ARM); JDK 8 strings are char[].
 */
final class Names {
    private final HprofFile file;
    private final Map<Long, long[]> stringValues = new HashMap<>();
    private final Map<Long, long[]> arrays = new HashMap<>();

    Names(HprofFile file, HeapFactsCollector c) {
        this.file = file;
        Map<Long, Boolean> wanted = new HashMap<>();
        c.threadNames.values().forEach(id -> wanted.put(id, true));
        c.fdPaths.values().forEach(id -> wanted.put(id, true));
        Map<Long, Boolean> wantedValues = new HashMap<>();
        for (int i = 0; i + 2 < c.strings.size(); i += 3) {
            long id = c.strings.get(i);
            if (wanted.containsKey(id)) {
                stringValues.put(id, new long[] {c.strings.get(i + 1), c.strings.get(i + 2)});
                wantedValues.put(c.strings.get(i + 1), true);
            }
        }
        for (int i = 0; i + 2 < c.smallArrays.size(); i += 3) {
            long id = c.smallArrays.get(i);
            if (wantedValues.containsKey(id)) {
                arrays.put(id, new long[] {c.smallArrays.get(i + 1), c.smallArrays.get(i + 2)});
            }
        }
    }

    /** The string's text, or null when the string or its value array is not in the dump (or too long). */
    String text(long stringId) {
        long[] s = stringValues.get(stringId);
        long[] a = s == null ? null : arrays.get(s[0]);
        if (a == null) {
            return null;
        }
        int type = (int) (a[1] >>> 32);
        int length = (int) a[1];
        HprofInput in = file.input(1 << 14);
        in.seek(a[0]);
        if (type == BasicType.CHAR.tag) {
            return new String(in.bytes(length * 2), StandardCharsets.UTF_16BE);
        }
        byte[] bytes = in.bytes(length);
        return s[1] == 0 ? new String(bytes, StandardCharsets.ISO_8859_1) : new String(bytes, StandardCharsets.UTF_16LE);
    }
}
