package dev.offheap.proc;

import dev.offheap.model.PageResidency;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Counts resident pages of address ranges from {@code /proc/PID/pagemap}: one little-endian 64-bit entry per virtual
 * page at offset {@code address / pageSize * 8}; bit 63 present in RAM, bit 62 swapped, bits 0-54 the page frame
 * number (zero without CAP_SYS_ADMIN since Linux 4.2, the flags stay right). Opening needs ptrace-read access to
 * the target (root or same user, subject to Yama); a refusal is a result, not an exception. One pread per range
 * of up to 1 GiB of address space (2 MiB of entries).
 */
public final class Pagemap implements AutoCloseable {
    public static final long PAGE_SIZE = 4096;
    private static final long PRESENT = 1L << 63;
    private static final long SWAPPED = 1L << 62;
    private static final long PFN_MASK = (1L << 55) - 1;
    private static final int MAX_ENTRIES_PER_READ = 256 * 1024;

    private final long pid;
    private final FileChannel channel;
    private final String refusal;
    private ByteBuffer buffer;

    private Pagemap(long pid, FileChannel channel, String refusal) {
        this.pid = pid;
        this.channel = channel;
        this.refusal = refusal;
    }

    /** Opens the pagemap of {@code pid}; never throws: when not permitted, every count is a refusal. */
    public static Pagemap open(long pid) {
        return open(Path.of("/proc", Long.toString(pid), "pagemap"), pid);
    }

    static Pagemap open(Path file, long pid) {
        try {
            return new Pagemap(pid, FileChannel.open(file, StandardOpenOption.READ), null);
        } catch (AccessDeniedException e) {
            return new Pagemap(pid, null, "pid " + pid + ": reading " + file + " not permitted (needs root or the target's user)");
        } catch (NoSuchFileException e) {
            return new Pagemap(pid, null, "pid " + pid + ": no such process");
        } catch (IOException e) {
            return new Pagemap(pid, null, "pid " + pid + ": cannot open " + file + ": " + e.getMessage());
        }
    }

    /** One-shot count of one range. */
    public static PageResidency count(long pid, long startAddress, long endAddress) {
        try (Pagemap p = open(pid)) {
            return p.residency(startAddress, endAddress);
        }
    }

    public boolean permitted() {
        return refusal == null;
    }

    /** Pages of [start, end) present in RAM and swapped out; start and end are rounded out to whole pages. */
    public PageResidency residency(long startAddress, long endAddress) {
        long first = Long.divideUnsigned(startAddress, PAGE_SIZE);
        long last = Long.divideUnsigned(endAddress + PAGE_SIZE - 1, PAGE_SIZE);
        long start = first * PAGE_SIZE;
        long end = last * PAGE_SIZE;
        if (refusal != null) {
            return PageResidency.refused(start, end, PAGE_SIZE, refusal);
        }
        long present = 0;
        long swapped = 0;
        boolean pfns = false;
        try {
            for (long page = first; Long.compareUnsigned(page, last) < 0; ) {
                int n = (int) Math.min(MAX_ENTRIES_PER_READ, last - page);
                ByteBuffer b = buffer(n);
                readFully(b, page * 8);
                for (int i = 0; i < n; i++) {
                    long e = b.getLong(i * 8);
                    if ((e & PRESENT) != 0) {
                        present++;
                        pfns |= (e & PFN_MASK) != 0;
                    } else if ((e & SWAPPED) != 0) {
                        swapped++;
                    }
                }
                page += n;
            }
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage());
            return PageResidency.refused(start, end, PAGE_SIZE, why.contains("No such process") || !channel.isOpen()
                    ? "pid " + pid + ": process exited while reading pagemap"
                    : "pid " + pid + ": reading pagemap failed: " + why);
        }
        return new PageResidency(start, end, PAGE_SIZE, OptionalLong.of(present), OptionalLong.of(swapped), pfns, null);
    }

    private ByteBuffer buffer(int entries) {
        if (buffer == null || buffer.capacity() < entries * 8) {
            buffer = ByteBuffer.allocateDirect(Math.max(entries, 512) * 8).order(ByteOrder.nativeOrder());
        }
        buffer.clear().limit(entries * 8);
        return buffer;
    }

    private void readFully(ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            int r = channel.read(b, position + b.position());
            if (r <= 0) {
                throw new IOException("short read at offset " + (position + b.position()) + " (process exited?)");
            }
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
