package dev.offheap.zoo;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * A malloc-heavy loop for overhead measurements: allocates and frees 256 bytes (malloc/free through
 * Unsafe.allocateMemory) as fast as it can and prints "rate N" (pairs per second) every {@code args[0]} ms
 * (default 1000).
 */
public final class MallocLoop {
    private MallocLoop() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        long every = args.length > 0 ? Long.parseLong(args[0]) : 1000;
        Field f = Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Unsafe unsafe = (Unsafe) f.get(null);
        Ready.announce();
        long start = System.nanoTime();
        long ops = 0;
        while (true) {
            for (int i = 0; i < 1000; i++) {
                long address = unsafe.allocateMemory(256);
                unsafe.putByte(address, (byte) i);
                unsafe.freeMemory(address);
            }
            ops += 1000;
            long now = System.nanoTime();
            if (now - start >= every * 1_000_000) {
                System.out.println("rate " + ops * 1_000_000_000L / (now - start));
                start = now;
                ops = 0;
            }
        }
    }
}
