package dev.offheap.parse.hprof;

import java.lang.reflect.Field;

/**
 * Raw native memory for the reachability index: chunks of it are outside the Java heap, so the collector never
 * copies them and they are freed at once ({@link #free}). sun.misc.Unsafe (module jdk.unsupported) is the only
 * way on JDK 17 without the foreign memory preview.
 */
final class NativeMemory {
    static final sun.misc.Unsafe U;

    static {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            U = (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The size of the blocks that {@link IntChunks} and {@link LongChunks} are made of. */
    static final long BLOCK_BYTES = 16L << 20;
    /**
     * Blocks given back, to be used again: memory touched for the first time costs a page fault per 4 KiB (about
     * a second per GiB on a virtual machine), so the walk's queue reuses the blocks the ids held before it.
     */
    private static final java.util.ArrayDeque<Long> POOL = new java.util.ArrayDeque<>();

    private NativeMemory() {
    }

    /** A block of {@link #BLOCK_BYTES}, contents undefined (a reused one or fresh), or an OutOfMemoryError. */
    static long block() {
        synchronized (POOL) {
            Long reused = POOL.poll();
            if (reused != null) {
                return reused;
            }
        }
        return U.allocateMemory(BLOCK_BYTES);
    }

    /** Gives a block back for {@link #block()} to hand out again. */
    static void recycle(long address) {
        if (address != 0) {
            synchronized (POOL) {
                POOL.push(address);
            }
        }
    }

    /** Frees the blocks given back and not used again. */
    static void trim() {
        synchronized (POOL) {
            while (!POOL.isEmpty()) {
                U.freeMemory(POOL.pop());
            }
        }
    }

}
