package dev.offheap.agent;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Loaded into a live JVM (written into a small jar of its own at attach time; it must depend on nothing but the JDK)
 *  through the attach {@code load} operation: reads the NIO buffer pools (BufferPoolMXBean)
 * and publishes them as the system property {@value #PROPERTY}, which offheap then reads with
 * {@code jcmd VM.system_properties}. No file or socket is left in the target. With the options
 * {@code refresh=<ms>,until=<epoch ms>,idle=<ms>} ({@code offheap watch}, {@code export}) a daemon thread republishes
 * the pools every {@code refresh} ms, so that a watch or an exporter loads the agent once per JVM (JDK 21+ print a
 * warning at every dynamic load); it ends at {@code until}, or once no attach operation has run for {@code idle} ms
 * (the CPU time of the JVM's "Attach Listener" thread has not moved): an exporter or watch that stopped, even
 * killed, leaves nothing running.
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
        long idle = option(args, "idle");
        if (refresh > 0 && until > System.currentTimeMillis()) {
            Thread t = new Thread(() -> republish(refresh, until, idle), "offheap-buffer-pools");
            t.setDaemon(true);
            t.start();
        }
    }

    private static void republish(long refreshMillis, long untilMillis, long idleMillis) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long listener = idleMillis > 0 ? attachListener(threads) : -1;
        long lastCpu = listener < 0 ? -1 : threads.getThreadCpuTime(listener);
        long lastActive = System.currentTimeMillis();
        try {
            while (System.currentTimeMillis() < untilMillis) {
                Thread.sleep(refreshMillis);
                publish();
                if (listener >= 0) {
                    long cpu = threads.getThreadCpuTime(listener);
                    long now = System.currentTimeMillis();
                    if (cpu != lastCpu) {
                        lastCpu = cpu;
                        lastActive = now;
                    } else if (now - lastActive > idleMillis) {
                        return; // nobody has attached for a while: the watch or exporter is gone
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The id of HotSpot's "Attach Listener" thread (it runs every attach operation), or -1 (then only until counts). */
    private static long attachListener(ThreadMXBean threads) {
        if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return -1;
        }
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().equals("Attach Listener")) {
                return t.getThreadId();
            }
        }
        return -1;
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
