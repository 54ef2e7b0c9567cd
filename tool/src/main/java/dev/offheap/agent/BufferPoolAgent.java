package dev.offheap.agent;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * Loaded into a live JVM (written into a small jar of its own at attach time; it must depend on nothing but the JDK)
 *  through the attach {@code load} operation: reads the NIO buffer pools (BufferPoolMXBean)
 * and publishes them as the system property {@value #PROPERTY}, which offheap then reads with
 * {@code jcmd VM.system_properties}. No file, socket or thread is left in the target.
 */
public final class BufferPoolAgent {
    /** "1700000000000;direct,12,12582912,12582912;mapped,0,0,0": time, then name,count,capacity,used per pool. */
    public static final String PROPERTY = "dev.offheap.bufferPools";

    private BufferPoolAgent() {
    }

    public static void agentmain(String args) {
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
