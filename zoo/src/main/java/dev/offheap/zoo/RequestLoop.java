package dev.offheap.zoo;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import sun.misc.Unsafe;

/**
 * A service that measures its own stalls: a request loop due every millisecond (each request builds a few small
 * objects and hashes a 4 KiB array), and the time each request starts after it was due is its lateness. Every
 * {@code REPORT_MILLIS} a line "loop at=<epoch ms> requests=<n> late_max_us=<us> late_p99_us=<us> cpu=<ns>" gives
 * the window's worst and 99th-percentile lateness, the requests so far and the process's CPU time, so that a
 * benchmark sees what a safepoint, a lock held by a profiler or a busy host did to the service in any window; a request
 * more than 5 ms late is also printed at once ("stall at=<epoch ms> late_us=<us>").
 * {@code args[0]}: MiB of live heap to hold (default 0: a heap dump then has little to write); {@code args[1]}: MiB
 * per second of Unsafe memory leaked, each page written (default 0).
 */
public final class RequestLoop {
    private static final long PERIOD_NANOS = 1_000_000;
    private static final long REPORT_MILLIS = 200;
    /** A request this late is also printed on its own: "stall at=<epoch ms> late_us=<us>". */
    private static final long STALL_NANOS = 5_000_000;
    private static final List<byte[]> HELD = new ArrayList<>();
    private static volatile long sink;

    private RequestLoop() {
    }

    public static void main(String[] args) throws Exception {
        long heapMib = args.length > 0 ? Long.parseLong(args[0]) : 0;
        double leakMibPerSecond = args.length > 1 ? Double.parseDouble(args[1]) : 0;
        for (long i = 0; i < heapMib * 16; i++) {
            HELD.add(new byte[64 << 10]);
        }
        if (leakMibPerSecond > 0) {
            leak(leakMibPerSecond);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        byte[] data = new byte[4096];
        long[] late = new long[(int) (REPORT_MILLIS * 4)];
        int n = 0;
        long requests = 0;
        Ready.announce();
        long due = System.nanoTime();
        long reportAt = System.currentTimeMillis() + REPORT_MILLIS;
        while (true) {
            long now = System.nanoTime();
            if (now < due) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            if (n < late.length) {
                late[n++] = now - due;
            }
            if (now - due > STALL_NANOS) {
                System.out.println("stall at=" + System.currentTimeMillis() + " late_us=" + (now - due) / 1000);
            }
            sink += request(data, requests++);
            // a request due while the loop stalled is not owed: the next is due a period after this one
            due = Math.max(due + PERIOD_NANOS, now);
            long wall = System.currentTimeMillis();
            if (wall >= reportAt) {
                java.util.Arrays.sort(late, 0, n);
                long max = n == 0 ? 0 : late[n - 1];
                long p99 = n == 0 ? 0 : late[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)];
                System.out.println("loop at=" + wall + " requests=" + requests + " late_max_us=" + max / 1000
                        + " late_p99_us=" + p99 / 1000 + " cpu=" + os.getProcessCpuTime());
                n = 0;
                reportAt = wall + REPORT_MILLIS;
            }
        }
    }

    private static long request(byte[] data, long i) {
        StringBuilder sb = new StringBuilder();
        sb.append("request ").append(i);
        data[(int) (i & 4095)] = (byte) i;
        long h = sb.toString().hashCode();
        for (byte b : data) {
            h = h * 31 + b;
        }
        return h;
    }

    private static void leak(double mibPerSecond) throws Exception {
        Field f = Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Unsafe unsafe = (Unsafe) f.get(null);
        Thread t = new Thread(() -> {
            long pause = (long) (1000 / mibPerSecond);
            while (true) {
                long address = unsafe.allocateMemory(1 << 20);
                unsafe.setMemory(address, 1 << 20, (byte) 1);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "leak");
        t.setDaemon(true);
        t.start();
    }
}
