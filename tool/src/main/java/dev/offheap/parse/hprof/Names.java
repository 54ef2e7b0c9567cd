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
    /** log2 of the bits of the filter. */
    private static final int FILTER_LOG2 = 16;
    private final HprofFile file;
    /** By id: the entries of the wanted strings and of their value arrays, as {@link HeapFactsCollector} notes them. */
    private final Map<Long, Long> stringValues = new HashMap<>();
    private final Map<Long, Long> arrays = new HashMap<>();

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
                stringValues.put(id, packed);
                put(wantedValues, HeapFactsCollector.stringValue(packed));
            }
        }
        long[] maybeValue = filter(wantedValues);
        for (long i = 0; i + 1 < c.smallArrays.size(); i += 2) {
            long id = c.smallArrays.get(i);
            if (mayHold(maybeValue, id) && wantedValues.get(id) >= 0) {
                arrays.put(id, c.smallArrays.get(i + 1));
            }
        }
    }

    /**
     * A bitmap of 2^16 bits by hash of the keys of {@code set}: millions of strings are checked against a few wanted
     * ids, and the bitmap stays in the first-level cache where the map would not.
     */
    private static long[] filter(LongIntMap set) {
        long[] bits = new long[(1 << FILTER_LOG2) / 64];
        set.forEachKey(id -> bits[bit(id) >>> 6] |= 1L << bit(id));
        return bits;
    }

    private static boolean mayHold(long[] filter, long id) {
        int b = bit(id);
        return (filter[b >>> 6] & (1L << b)) != 0;
    }

    private static int bit(long id) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> (64 - FILTER_LOG2));
    }

    private static void put(LongIntMap set, long id) {
        if (id != 0) {
            set.put(id, 1);
        }
    }

    /** The string's text, or null when the string or its value array is not in the dump (or too long). */
    String text(long stringId) {
        Long s = stringValues.get(stringId);
        Long a = s == null ? null : arrays.get(HeapFactsCollector.stringValue(s));
        if (a == null) {
            return null;
        }
        int length = HeapFactsCollector.arrayLength(a);
        HprofInput in = file.input(1 << 14);
        in.seek(HeapFactsCollector.arrayOffset(a));
        byte[] bytes;
        try {
            bytes = in.bytes(HeapFactsCollector.arrayOfChars(a) ? length * 2L : length);
        } catch (HprofEndOfFile e) {
            return null; // a length that runs past the end of a cut or corrupt dump
        }
        if (HeapFactsCollector.arrayOfChars(a)) {
            return new String(bytes, StandardCharsets.UTF_16BE);
        }
        return HeapFactsCollector.stringCoder(s) == 0 ? new String(bytes, StandardCharsets.ISO_8859_1)
                : new String(bytes, StandardCharsets.UTF_16LE);
    }
}
