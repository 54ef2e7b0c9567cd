package dev.offheap.zoo;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Unsafe;

/**
 * An Unsafe.allocateMemory leak, as off-heap frameworks have: {@code args[0]} MiB per second (default 4) in 1 MiB
 * blocks spread evenly over each second, every page written so it is resident, never freed. Not a direct buffer: the
 * buffer pools do not see it, NMT counts it under "Other" (JDK 9+). With {@code args[1]} &gt; 0 it frees everything
 * each time it holds that many MiB and starts again: a leak's fault rate for as long as wanted in bounded memory
 * (with a fixed glibc mmap threshold, {@code GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072}, every block is a
 * mapping of its own, unmapped by free, so every block faults anew).
 */
public final class UnsafeLeak {
    private static final List<Long> ADDRESSES = new ArrayList<>();
    private static final long MIB = 1 << 20;

    private UnsafeLeak() {
    }

    public static void main(String[] args) throws Exception {
        int perSecond = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int holdMib = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Field f = Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Unsafe unsafe = (Unsafe) f.get(null);
        Ready.announce();
        long next = System.nanoTime();
        while (true) {
            long address = unsafe.allocateMemory(MIB);
            unsafe.setMemory(address, MIB, (byte) 1);
            ADDRESSES.add(address);
            if (holdMib > 0 && ADDRESSES.size() >= holdMib) {
                ADDRESSES.forEach(unsafe::freeMemory);
                ADDRESSES.clear();
            }
            next += 1_000_000_000L / perSecond;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }
}
