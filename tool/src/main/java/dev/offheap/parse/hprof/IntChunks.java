package dev.offheap.parse.hprof;

import static dev.offheap.parse.hprof.NativeMemory.U;

/**
 * A growable int array in native blocks of {@link NativeMemory#BLOCK_BYTES}; {@link #close()} gives them back.
 * Threads may also {@link #claim} regions of their own and write there at once.
 */
final class IntChunks extends NativeBlocks {
    private static final int SHIFT = 22;
    /** Ints per block. */
    static final long CHUNK = 1L << SHIFT;
    private static final long MASK = CHUNK - 1;

    IntChunks() {
        super(SHIFT, 16);
    }

    /** An array that {@link #claim}s regions in up to {@code maxChunks} blocks, for several writing threads. */
    IntChunks(int maxChunks) {
        super(SHIFT, maxChunks);
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
}
