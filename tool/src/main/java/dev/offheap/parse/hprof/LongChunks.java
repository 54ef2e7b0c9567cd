package dev.offheap.parse.hprof;

import static dev.offheap.parse.hprof.NativeMemory.U;

/** A growable long array in native blocks of {@link NativeMemory#BLOCK_BYTES}; {@link #close()} gives them back. */
final class LongChunks implements AutoCloseable {
    private static final int SHIFT = 21;
    private static final long MASK = (1L << SHIFT) - 1;
    private long[] chunks = new long[16];
    private long size;

    long size() {
        return size;
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

    void set(long i, long v) {
        U.putLong(chunks[(int) (i >>> SHIFT)] + ((i & MASK) << 3), v);
    }

    /** Makes indexes below {@code n} valid (their contents undefined until set). */
    void ensureSize(long n) {
        while (size < n) {
            int c = (int) (size >>> SHIFT);
            if (c >= chunks.length || chunks[c] == 0) {
                grow(c);
            }
            size = Math.min(n, ((long) c + 1) << SHIFT);
        }
    }

    /** Gives back the chunks wholly below index {@code i} (read once, no longer needed). */
    void release(long i) {
        for (int c = 0; c < (int) (i >>> SHIFT) && c < chunks.length; c++) {
            NativeMemory.recycle(chunks[c]);
            chunks[c] = 0;
        }
    }

    private void grow(int c) {
        if (c >= chunks.length) {
            chunks = java.util.Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
        }
        chunks[c] = NativeMemory.block();
    }

    @Override
    public void close() {
        for (int c = 0; c < chunks.length; c++) {
            NativeMemory.recycle(chunks[c]);
            chunks[c] = 0;
        }
        size = 0;
    }
}
