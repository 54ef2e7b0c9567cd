package dev.offheap.parse.hprof;

import dev.offheap.model.InputException;
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
    /**
     * The most native memory the blocks may take, from the system property {@code offheap.native.max} (bytes, or
     * with a k, m or g suffix; the launcher sets it from OFFHEAP_NATIVE_MAX); unbounded when unset.
     */
    static final long MAX_BYTES = maxBytes(System.getProperty("offheap.native.max"));
    /** Blocks allocated and not freed (in use or in the pool). */
    private static long allocated;

    private NativeMemory() {
    }

    /**
     * A block of {@link #BLOCK_BYTES}, contents undefined (a reused one or fresh); an {@link InputException} when a
     * fresh one would pass {@link #MAX_BYTES}, an OutOfMemoryError when the system has no memory for it.
     */
    static long block() {
        synchronized (POOL) {
            Long reused = POOL.poll();
            if (reused != null) {
                return reused;
            }
            if ((allocated + 1) * BLOCK_BYTES > MAX_BYTES) {
                throw new InputException("reachability of this heap dump needs more than the " + (MAX_BYTES >> 20)
                        + " MiB of native memory allowed to offheap (OFFHEAP_NATIVE_MAX): raise it, or use"
                        + " --no-reachability");
            }
            long address = U.allocateMemory(BLOCK_BYTES);
            allocated++;
            return address;
        }
    }

    static long maxBytes(String value) {
        if (value == null || value.isBlank()) {
            return Long.MAX_VALUE;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        int shift = switch (v.charAt(v.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        try {
            return Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1)) << shift;
        } catch (NumberFormatException e) {
            throw new InputException("offheap.native.max (OFFHEAP_NATIVE_MAX): not a size: \"" + value
                    + "\" (expected bytes or a number with k, m or g, e.g. 2g)");
        }
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
                allocated--;
            }
        }
    }

}
