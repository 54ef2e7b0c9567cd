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
 * killed, leaves nothing running. A second load while the thread runs only extends it (one thread per JVM).
 */
public final class BufferPoolAgent {
    /** "1700000000000;direct,12,12582912,12582912;mapped,0,0,0": time, then name,count,capacity,used per pool. */
    public static final String PROPERTY = "dev.offheap.bufferPools";
    /**
     * Set while a thread republishes the pools, to the time it ends at the latest (epoch ms): a value of
     * {@link #PROPERTY} that a one-off load published is not a running agent, and would not be refreshed.
     */
    public static final String REPUBLISHING = "dev.offheap.bufferPools.until";

    private BufferPoolAgent() {
    }

    // One agent per JVM, whichever offheap process loads it: a second load finds this class already loaded (the
    // system class loader keeps the first), so these fields are shared, and it extends the running thread instead
    // of starting another. Guarded by BufferPoolAgent.class.
    private static Thread republisher;
    private static long refreshMillis;
    private static long untilMillis;
    private static long idleMillis;

    public static void agentmain(String args) {
        publish();
        long refresh = option(args, "refresh");
        long until = option(args, "until");
        long idle = option(args, "idle");
        if (refresh <= 0 || until <= System.currentTimeMillis()) {
            return;
        }
        synchronized (BufferPoolAgent.class) {
            if (republisher != null && republisher.isAlive()) {
                refreshMillis = Math.min(refreshMillis, refresh);
                untilMillis = Math.max(untilMillis, until);
                idleMillis = idleMillis <= 0 || idle <= 0 ? 0 : Math.max(idleMillis, idle);
                System.setProperty(REPUBLISHING, Long.toString(untilMillis));
                return;
            }
            refreshMillis = refresh;
            untilMillis = until;
            idleMillis = idle;
            System.setProperty(REPUBLISHING, Long.toString(untilMillis));
            republisher = new Thread(BufferPoolAgent::republish, "offheap-buffer-pools");
            republisher.setDaemon(true);
            republisher.start();
        }
    }

    private static void republish() {
        try {
            republishUntilDone();
        } finally {
            synchronized (BufferPoolAgent.class) {
                republisher = null;
                System.clearProperty(REPUBLISHING);
            }
        }
    }

    private static void republishUntilDone() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long listener = attachListener(threads);
        long lastCpu = listener < 0 ? -1 : threads.getThreadCpuTime(listener);
        long lastActive = System.currentTimeMillis();
        try {
            while (true) {
                long refresh;
                long idle;
                synchronized (BufferPoolAgent.class) {
                    if (System.currentTimeMillis() >= untilMillis) {
                        return;
                    }
                    refresh = refreshMillis;
                    idle = idleMillis;
                }
                Thread.sleep(refresh);
                publish();
                if (listener >= 0 && idle > 0) {
                    long cpu = threads.getThreadCpuTime(listener);
                    long now = System.currentTimeMillis();
                    if (cpu != lastCpu) {
                        lastCpu = cpu;
                        lastActive = now;
                    } else if (now - lastActive > idle) {
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
