package dev.offheap.parse.hprof;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/** A growable int array in memory-mapped chunks of 256 MiB (see {@link MappedChunks}). */
final class BigInts implements AutoCloseable {
    private static final int SHIFT = 26;
    private static final long MASK = (1L << SHIFT) - 1;
    private final MappedChunks chunks;
    private ByteBuffer[] array = new ByteBuffer[0];
    private long size;

    BigInts(Path dir, String name) {
        chunks = new MappedChunks(dir, name, 4L << SHIFT);
    }

    long size() {
        return size;
    }

    void add(int v) {
        set(size++, v);
    }

    int get(long i) {
        return array[(int) (i >>> SHIFT)].getInt((int) (i & MASK) << 2);
    }

    void set(long i, int v) {
        int c = (int) (i >>> SHIFT);
        if (c >= array.length) {
            chunks.chunk(c);
            array = chunks.chunks.toArray(ByteBuffer[]::new);
        }
        array[c].putInt((int) (i & MASK) << 2, v);
    }

    @Override
    public void close() {
        array = new ByteBuffer[0];
        chunks.close();
    }
}
