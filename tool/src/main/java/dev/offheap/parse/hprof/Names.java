package dev.offheap.parse.hprof;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The text of the few {@code java.lang.String} objects the views name (thread names, file paths): a String's
 * {@code value} array is read back from the file at the offset the views pass noted (see
 * {@link HeapFactsCollector#strings}). JDK 9+ strings are byte[] with
 * a coder (0 Latin-1, 1 UTF-16 in the dumping machine's order, little-endian on x86/ARM); JDK 8 strings are char[].
 */
final class Names {
    private static final int FILTER_BITS = 1 << 16;
    private final HprofFile file;
    private final Map<Long, long[]> stringValues = new HashMap<>();
    private final Map<Long, long[]> arrays = new HashMap<>();

    Names(HprofFile file, HeapFactsCollector c) {
        this.file = file;
        LongIntMap wanted = new LongIntMap(c.threadNames.size() + c.fdPaths.size());
        c.threadNames.values().forEach(id -> put(wanted, id));
        c.fdPaths.values().forEach(id -> put(wanted, id));
        long[] maybeWanted = filter(wanted);
        LongIntMap wantedValues = new LongIntMap(wanted.size());
        for (long i = 0; i + 1 < c.strings.size(); i += 2) {
            long id = c.strings.get(i);
            if (mayHold(maybeWanted, id) && wanted.get(id) >= 0) {
                long packed = c.strings.get(i + 1);
                stringValues.put(id, new long[] {packed >>> 1, packed & 1});
                put(wantedValues, packed >>> 1);
            }
        }
        long[] maybeValue = filter(wantedValues);
        for (long i = 0; i + 1 < c.smallArrays.size(); i += 2) {
            long id = c.smallArrays.get(i);
            if (mayHold(maybeValue, id) && wantedValues.get(id) >= 0) {
                long packed = c.smallArrays.get(i + 1);
                arrays.put(id, new long[] {packed >>> 20, (packed >>> 19 & 1) == 1 ? BasicType.CHAR.tag : BasicType.BYTE.tag,
                        packed & ((1 << 19) - 1)});
            }
        }
    }

    /**
     * A bitmap of 2^16 bits by hash of the keys of {@code set}: millions of strings are checked against a few wanted
     * ids, and the bitmap stays in the first-level cache where the map would not.
     */
    private static long[] filter(LongIntMap set) {
        long[] bits = new long[FILTER_BITS / 64];
        set.forEachKey(id -> bits[bit(id) >>> 6] |= 1L << bit(id));
        return bits;
    }

    private static boolean mayHold(long[] filter, long id) {
        int b = bit(id);
        return (filter[b >>> 6] & (1L << b)) != 0;
    }

    private static int bit(long id) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> (64 - 16));
    }

    private static void put(LongIntMap set, long id) {
        if (id != 0) {
            set.put(id, 1);
        }
    }

    /** The string's text, or null when the string or its value array is not in the dump (or too long). */
    String text(long stringId) {
        long[] s = stringValues.get(stringId);
        long[] a = s == null ? null : arrays.get(s[0]);
        if (a == null) {
            return null;
        }
        int type = (int) a[1];
        int length = (int) a[2];
        HprofInput in = file.input(1 << 14);
        in.seek(a[0]);
        if (type == BasicType.CHAR.tag) {
            return new String(in.bytes(length * 2), StandardCharsets.UTF_16BE);
        }
        byte[] bytes = in.bytes(length);
        return s[1] == 0 ? new String(bytes, StandardCharsets.ISO_8859_1) : new String(bytes, StandardCharsets.UTF_16LE);
    }
}
