package dev.offheap.parse.hprof;

import java.util.Arrays;

/** A growable list of longs (ids, offsets, packed tuples). */
public final class LongList {
    private long[] values = new long[64];
    private int size;

    public void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    public long get(int i) {
        return values[i];
    }

    public int size() {
        return size;
    }
}
