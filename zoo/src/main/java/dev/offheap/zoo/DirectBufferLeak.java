package dev.offheap.zoo;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Retains direct buffers: allocates {@code args[0]} MiB (default 64) of direct ByteBuffers at start, prints
 * "ready", then keeps adding {@code args[1]} MiB (default 1) per second up to {@code args[2]} MiB (default 256),
 * touching every page so the memory is resident. The buffers stay reachable from a static list: a leak.
 * With {@code args[3]} &gt; 0 it prints "held N MiB" and exits after that many ms, with status {@code args[4]} (default 0).
 */
public final class DirectBufferLeak {
    private static final List<ByteBuffer> RETAINED = new ArrayList<>();
    private static final int MIB = 1024 * 1024;

    private DirectBufferLeak() {
    }

    public static void main(String[] args) throws InterruptedException {
        int initialMib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int perSecondMib = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int maxMib = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        long lifetimeMillis = args.length > 3 ? Long.parseLong(args[3]) : 0;
        int status = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        long end = System.nanoTime() + lifetimeMillis * 1_000_000;
        int held = 0;
        while (held < initialMib) {
            retainOneMib();
            held++;
        }
        Ready.announce();
        while (lifetimeMillis <= 0 || System.nanoTime() - end < 0) {
            Thread.sleep(lifetimeMillis <= 0 ? 1000 : Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            for (int i = 0; i < perSecondMib && held < maxMib; i++) {
                retainOneMib();
                held++;
            }
        }
        System.out.println("held " + held + " MiB");
        System.exit(status);
    }

    private static void retainOneMib() {
        ByteBuffer b = ByteBuffer.allocateDirect(MIB);
        for (int off = 0; off < MIB; off += 4096) {
            b.put(off, (byte) 1);
        }
        RETAINED.add(b);
    }
}
