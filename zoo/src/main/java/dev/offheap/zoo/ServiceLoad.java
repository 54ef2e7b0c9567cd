package dev.offheap.zoo;

import java.lang.reflect.Field;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import sun.misc.Unsafe;

/**
 * A service-like load: {@code args[0]} requests per second (default 1000) on one thread, each hashing 8 KiB (SHA-256,
 * about 30-60 us of CPU) and making and freeing {@code args[1]} native buffers (default 4, 64 B to 16 KiB): a few
 * thousand mallocs a second, as a typical service has. Reports requests through {@link WorkMeter} every 100 ms, so
 * that a benchmark can compare the CPU time per request.
 */
public final class ServiceLoad {
    private ServiceLoad() {
    }

    public static void main(String[] args) throws ReflectiveOperationException, NoSuchAlgorithmException, InterruptedException {
        int perSecond = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int buffers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Field f = Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Unsafe unsafe = (Unsafe) f.get(null);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] body = new byte[8 * 1024];
        long[] held = new long[buffers];
        WorkMeter.start(100);
        Ready.announce();
        long next = System.nanoTime();
        for (long n = 0; ; n++) {
            for (int i = 0; i < buffers; i++) {
                long size = 64L << ((n + i) % 9); // 64 B .. 16 KiB
                held[i] = unsafe.allocateMemory(size);
                unsafe.putLong(held[i], n);
            }
            body[(int) (n % body.length)] = (byte) n;
            sha.update(body);
            body[0] ^= sha.digest()[0];
            for (int i = 0; i < buffers; i++) {
                unsafe.freeMemory(held[i]);
            }
            WorkMeter.add(1);
            next += 1_000_000_000L / perSecond;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }
}
