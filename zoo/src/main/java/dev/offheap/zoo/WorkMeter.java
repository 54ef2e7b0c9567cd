package dev.offheap.zoo;

import java.lang.management.ManagementFactory;

/**
 * Prints "work ops=N cpu=NS wall=NS" every {@code everyMillis} from a daemon thread: the operations done so far, the
 * process's CPU time (all threads) and the wall clock, all cumulative, so that a benchmark can take the cost per
 * operation over any window between two lines. The workload calls {@link #add} in batches, so the meter costs nothing
 * measurable.
 */
public final class WorkMeter {
    private static volatile long ops;

    private WorkMeter() {
    }

    public static void add(long n) {
        ops += n; // one writer thread per workload
    }

    public static void start(long everyMillis) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread t = new Thread(() -> {
            while (true) {
                System.out.println("work ops=" + ops + " cpu=" + os.getProcessCpuTime() + " wall=" + System.nanoTime());
                try {
                    Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "work-meter");
        t.setDaemon(true);
        t.start();
    }
}
