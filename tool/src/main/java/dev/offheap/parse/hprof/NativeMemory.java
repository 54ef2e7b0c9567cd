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

    private NativeMemory() {
    }

    /** Zeroed native memory, or an OutOfMemoryError that says how much was asked. */
    static long allocate(long bytes) {
        long address = U.allocateMemory(bytes);
        U.setMemory(address, bytes, (byte) 0);
        return address;
    }

    static void free(long address) {
        if (address != 0) {
            U.freeMemory(address);
        }
    }
}
