package dev.offheap.parse.hprof;

/**
 * The block table of a growable array in native blocks of {@link NativeMemory#BLOCK_BYTES} ({@link IntChunks},
 * {@link LongChunks}): which blocks there are, how many elements are valid, and {@link #close()}, which gives the
 * blocks back. The subclasses read and write elements with their own constant shifts (the hot paths).
 */
abstract class NativeBlocks implements AutoCloseable {
    /** log2 of the elements per block. */
    private final int shift;
    /** By block index: the block's address, 0 when not allocated. */
    long[] chunks;
    long size;

    NativeBlocks(int shift, int blocks) {
        this.shift = shift;
        this.chunks = new long[blocks];
    }

    final long size() {
        return size;
    }

    /** Empties the array, keeping its blocks for the next additions. */
    final void clear() {
        size = 0;
    }

    /** Makes indexes below {@code n} valid (their contents undefined until set). */
    final void ensureSize(long n) {
        while (size < n) {
            int c = (int) (size >>> shift);
            if (c >= chunks.length || chunks[c] == 0) {
                grow(c);
            }
            size = Math.min(n, ((long) c + 1) << shift);
        }
    }

    /** Allocates block {@code c}, widening the table when needed. */
    final void grow(int c) {
        if (c >= chunks.length) {
            chunks = java.util.Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
        }
        chunks[c] = NativeMemory.block();
    }

    @Override
    public final void close() {
        for (int c = 0; c < chunks.length; c++) {
            NativeMemory.recycle(chunks[c]);
            chunks[c] = 0;
        }
        size = 0;
    }
}
