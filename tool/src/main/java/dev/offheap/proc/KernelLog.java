package dev.offheap.proc;

import dev.offheap.model.KernelOomKill;
import dev.offheap.parse.proc.KernelLogParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The OOM kills in the kernel's log, read from {@code /dev/kmsg} (root, or any user where
 * {@code kernel.dmesg_restrict} is 0). A read of /dev/kmsg returns one record and blocks once all are read, so the
 * records are read on a daemon thread until none came for a moment, then the channel is closed (which ends the read).
 */
public final class KernelLog {
    private static final Path KMSG = Path.of("/dev/kmsg");
    private static final long QUIET_MILLIS = 100;

    /** The kills found, or why the log could not be read ({@code unreadable} non-null, {@code kills} empty). */
    public record Kills(List<KernelOomKill> kills, String unreadable) {
        public Kills {
            kills = List.copyOf(kills);
        }
    }

    private KernelLog() {
    }

    /** Every OOM kill still in the kernel's ring buffer, read within {@code maxMillis}. */
    public static Kills oomKills(long maxMillis) {
        FileChannel channel;
        try {
            channel = FileChannel.open(KMSG, StandardOpenOption.READ);
        } catch (IOException | SecurityException e) {
            return new Kills(List.of(), "cannot read " + KMSG + ": " + e.getMessage());
        }
        List<KernelOomKill> kills = new ArrayList<>();
        long[] records = {0};
        Thread reader = new Thread(() -> read(channel, kills, records), "offheap-kmsg-reader");
        reader.setDaemon(true);
        reader.start();
        long end = System.nanoTime() + maxMillis * 1_000_000;
        try {
            long seen = -1;
            while (System.nanoTime() < end) {
                Thread.sleep(QUIET_MILLIS);
                long now;
                synchronized (kills) {
                    now = records[0];
                }
                if (now == seen) {
                    break;
                }
                seen = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                channel.close(); // wakes the reader blocked in read()
            } catch (IOException e) {
                // closing a character device: nothing to lose
            }
        }
        synchronized (kills) {
            return new Kills(kills, null);
        }
    }

    private static void read(FileChannel channel, List<KernelOomKill> kills, long[] records) {
        ByteBuffer buf = ByteBuffer.allocate(8192); // a record is at most 1 KiB of text plus its dictionary
        while (channel.isOpen()) {
            buf.clear();
            int n;
            try {
                n = channel.read(buf);
            } catch (IOException e) {
                if (!channel.isOpen()) {
                    return;
                }
                // EPIPE: the record was overwritten while the log wrapped; the next read returns the oldest left
                continue;
            }
            if (n < 0) {
                return;
            }
            String record = new String(buf.array(), 0, n, StandardCharsets.UTF_8);
            synchronized (kills) {
                records[0]++;
                KernelLogParser.oomKill(record).ifPresent(kills::add);
            }
        }
    }

    /**
     * The wall-clock time (epoch ms) of a kernel timestamp: the log counts microseconds of the monotonic clock since
     * boot, which is {@link System#nanoTime()}'s clock on Linux.
     */
    public static long epochMillis(long bootMicros) {
        long agoMicros = System.nanoTime() / 1000 - bootMicros;
        return System.currentTimeMillis() - agoMicros / 1000;
    }
}
