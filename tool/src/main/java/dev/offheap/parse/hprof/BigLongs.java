package dev.offheap.parse.hprof;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/** A growable long array in memory-mapped chunks of 256 MiB (see {@link MappedChunks}). */
final class BigLongs implements AutoCloseable {
    private static final int SHIFT = 25;
    private static final long MASK = (1L << SHIFT) - 1;
    private final MappedChunks chunks;
    private ByteBuffer[] array = new ByteBuffer[0];
    private long size;

    BigLongs(Path dir, String name) {
        chunks = new MappedChunks(dir, name, 8L << SHIFT);
    }

    long size() {
        return size;
    }

    void add(long v) {
        set(size++, v);
    }

    long get(long i) {
        return array[(int) (i >>> SHIFT)].getLong((int) (i & MASK) << 3);
    }

    void set(long i, long v) {
        int c = (int) (i >>> SHIFT);
        if (c >= array.length) {
            chunks.chunk(c);
            array = chunks.chunks.toArray(ByteBuffer[]::new);
        }
        array[c].putLong((int) (i & MASK) << 3, v);
    }

    @Override
    public void close() {
        array = new ByteBuffer[0];
        chunks.close();
    }
}
