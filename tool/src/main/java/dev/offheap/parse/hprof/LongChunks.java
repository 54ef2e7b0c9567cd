package dev.offheap.parse.hprof;

import static dev.offheap.parse.hprof.NativeMemory.U;

/** A growable long array in native blocks of {@link NativeMemory#BLOCK_BYTES}; {@link #close()} gives them back. */
final class LongChunks extends NativeBlocks {
    private static final int SHIFT = 21;
    private static final long MASK = (1L << SHIFT) - 1;

    LongChunks() {
        super(SHIFT, 16);
    }

    void add(long v) {
        long c = size >>> SHIFT;
        if (c >= chunks.length || chunks[(int) c] == 0) {
            grow((int) c);
        }
        U.putLong(chunks[(int) c] + ((size & MASK) << 3), v);
        size++;
    }

    /** Adds two values, {@code a} at an even index when the size is even (as pairs are kept). */
    void add(long a, long b) {
        long c = size >>> SHIFT;
        if ((size & MASK) == MASK || c >= chunks.length || chunks[(int) c] == 0) {
            add(a);
            add(b);
            return;
        }
        long at = chunks[(int) c] + ((size & MASK) << 3);
        U.putLong(at, a);
        U.putLong(at + 8, b);
        size += 2;
    }

    long get(long i) {
        return U.getLong(chunks[(int) (i >>> SHIFT)] + ((i & MASK) << 3));
    }
}
