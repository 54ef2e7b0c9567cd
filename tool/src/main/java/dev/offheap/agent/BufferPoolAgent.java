package dev.offheap.agent;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * Loaded into a live JVM (written into a small jar of its own at attach time; it must depend on nothing but the JDK)
 *  through the attach {@code load} operation: reads the NIO buffer pools (BufferPoolMXBean)
 * and publishes them as the system property {@value #PROPERTY}, which offheap then reads with
 * {@code jcmd VM.system_properties}. No file or socket is left in the target. With the options
 * {@code refresh=<ms>,until=<epoch ms>} ({@code offheap watch}) a daemon thread republishes the pools every
 * {@code refresh} ms and ends at {@code until}, so a watch needs one load instead of one per sample.
 */
public final class BufferPoolAgent {
    /** "1700000000000;direct,12,12582912,12582912;mapped,0,0,0": time, then name,count,capacity,used per pool. */
    public static final String PROPERTY = "dev.offheap.bufferPools";

    private BufferPoolAgent() {
    }

    public static void agentmain(String args) {
        publish();
        long refresh = option(args, "refresh");
        long until = option(args, "until");
        if (refresh > 0 && until > System.currentTimeMillis()) {
            Thread t = new Thread(() -> republish(refresh, until), "offheap-buffer-pools");
            t.setDaemon(true);
            t.start();
        }
    }

    private static void republish(long refreshMillis, long untilMillis) {
        try {
            while (System.currentTimeMillis() < untilMillis) {
                Thread.sleep(refreshMillis);
                publish();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // "refresh=1000,until=1700000000000"
    private static long option(String args, String name) {
        if (args == null) {
            return 0;
        }
        for (String part : args.split(",")) {
            if (part.startsWith(name + "=")) {
                try {
                    return Long.parseLong(part.substring(name.length() + 1).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static void publish() {
        StringBuilder sb = new StringBuilder().append(System.currentTimeMillis());
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            // pool names are "direct", "mapped" and (JDK 14+) "mapped - 'non-volatile memory'": no ',' or ';'
            sb.append(';').append(pool.getName().replace(',', ' ').replace(';', ' '))
                    .append(',').append(pool.getCount())
                    .append(',').append(pool.getTotalCapacity())
                    .append(',').append(pool.getMemoryUsed());
        }
        System.setProperty(PROPERTY, sb.toString());
    }
}
