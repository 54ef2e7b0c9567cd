package dev.offheap.zoo;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * A malloc-heavy loop for overhead measurements: allocates and frees 256 bytes (malloc/free through
 * Unsafe.allocateMemory) as fast as it can, one thread, and reports the pairs done through {@link WorkMeter} every
 * {@code args[0]} ms (default 100).
 */
public final class MallocLoop {
    private MallocLoop() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        long every = args.length > 0 ? Long.parseLong(args[0]) : 100;
        Field f = Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Unsafe unsafe = (Unsafe) f.get(null);
        WorkMeter.start(every);
        Ready.announce();
        while (true) {
            for (int i = 0; i < 1000; i++) {
                long address = unsafe.allocateMemory(256);
                unsafe.putByte(address, (byte) i);
                unsafe.freeMemory(address);
            }
            WorkMeter.add(1000);
        }
    }
}
