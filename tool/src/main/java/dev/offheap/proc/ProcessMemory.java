package dev.offheap.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reads bytes of a live process's memory through {@code /proc/PID/mem} (e.g. glibc heap_info headers at the start
 * of each 64 MiB arena). Needs ptrace-attach access (root, or same user with Yama ptrace_scope 0); an address that is
 * not mapped reads as an I/O error. Every failure gives an empty result: the caller decides what a missing read means.
 */
public final class ProcessMemory implements AutoCloseable {
    private final FileChannel channel;

    private ProcessMemory(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens the memory of {@code pid}; {@link #read} then returns empty for every address when not permitted. */
    public static ProcessMemory open(long pid) {
        try {
            return new ProcessMemory(FileChannel.open(Path.of("/proc", Long.toString(pid), "mem"), StandardOpenOption.READ));
        } catch (IOException e) {
            return new ProcessMemory(null);
        }
    }

    /** One-shot read. */
    public static Optional<byte[]> read(long pid, long address, int length) {
        try (ProcessMemory m = open(pid)) {
            return m.read(address, length);
        }
    }

    public boolean permitted() {
        return channel != null;
    }

    /** {@code length} bytes at {@code address}; empty when not permitted, not mapped, or the process is gone. */
    public Optional<byte[]> read(long address, int length) {
        if (channel == null || address < 0 || length < 0) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        try {
            while (b.hasRemaining()) {
                int r = channel.read(b, address + b.position());
                if (r <= 0) {
                    return Optional.empty();
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(b.array());
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
