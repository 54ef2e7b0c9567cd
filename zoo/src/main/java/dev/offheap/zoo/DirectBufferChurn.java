package dev.offheap.zoo;

import java.nio.ByteBuffer;

/**
 * Direct-buffer churn: {@code args[0]} times per second (default 8) a 1 MiB direct buffer is allocated, kept in a
 * ring of {@code args[1]} (default 16) and later dropped, while heap garbage drives young collections. Run with
 * -XX:+DisableExplicitGC -XX:MaxTenuringThreshold=0: the buffers reach the old generation before they die, and
 * nothing frees them until an old collection, so the direct pool grows although the program keeps only 16 MiB.
 */
public final class DirectBufferChurn {
    private static final int MIB = 1 << 20;
    private static volatile Object sink;

    private DirectBufferChurn() {
    }

    public static void main(String[] args) throws InterruptedException {
        int perSecond = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int keep = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        ByteBuffer[] ring = new ByteBuffer[keep];
        boolean announced = false;
        for (long i = 0; ; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(MIB);
            for (int off = 0; off < MIB; off += 4096) {
                b.put(off, (byte) 1);
            }
            ring[(int) (i % keep)] = b;
            for (int g = 0; g < 64; g++) {
                sink = new byte[64 * 1024]; // 4 MiB of garbage per buffer: young collections promote the ring
            }
            if (!announced) {
                Ready.announce();
                announced = true;
            }
            Thread.sleep(1000 / perSecond);
        }
    }
}
