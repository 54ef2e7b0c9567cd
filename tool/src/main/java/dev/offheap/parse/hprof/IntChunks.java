package dev.offheap.parse.hprof;

import static dev.offheap.parse.hprof.NativeMemory.U;

/**
 * A growable int array in native blocks of {@link NativeMemory#BLOCK_BYTES}; {@link #close()} gives them back.
 * Threads may also {@link #claim} regions of their own and write there at once.
 */
final class IntChunks implements AutoCloseable {
    private static final int SHIFT = 22;
    /** Ints per block. */
    static final long CHUNK = 1L << SHIFT;
    private static final long MASK = CHUNK - 1;
    private long[] chunks;
    private long size;

    IntChunks() {
        chunks = new long[16];
    }

    /** An array that {@link #claim}s regions in up to {@code maxChunks} blocks, for several writing threads. */
    IntChunks(int maxChunks) {
        chunks = new long[maxChunks];
    }

    long size() {
        return size;
    }

    void add(int v) {
        long c = size >>> SHIFT;
        if (c >= chunks.length || chunks[(int) c] == 0) {
            grow((int) c);
        }
        U.putInt(chunks[(int) c] + ((size & MASK) << 2), v);
        size++;
    }

    int get(long i) {
        return U.getInt(chunks[(int) (i >>> SHIFT)] + ((i & MASK) << 2));
    }

    void set(long i, int v) {
        U.putInt(chunks[(int) (i >>> SHIFT)] + ((i & MASK) << 2), v);
    }

    /** Empties the array, keeping its blocks for the next {@link #add}s. */
    void clear() {
        size = 0;
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

    /**
     * Claims {@code n} consecutive ints in fresh blocks (at least one), for the calling thread to {@link #set};
     * gives the index of the first, or -1 when the blocks would pass the limit given to the constructor.
     */
    synchronized long claim(long n) {
        int first = (int) ((size + MASK) >>> SHIFT);
        long blocks = Math.max(1, (n + MASK) >>> SHIFT);
        if (first + blocks > chunks.length) {
            return -1;
        }
        for (int c = first; c < first + blocks; c++) {
            chunks[c] = NativeMemory.block();
        }
        size = (first + blocks) << SHIFT;
        return (long) first << SHIFT;
    }

    /** Sets every int below {@link #size} to -1. */
    void fillMinusOne() {
        for (long c = 0; c << SHIFT < size; c++) {
            U.setMemory(chunks[(int) c], Math.min(CHUNK, size - (c << SHIFT)) << 2, (byte) -1);
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
