package dev.offheap.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * A lock that every offheap process on the host shares: a record lock (fcntl) on a file in {@code /run/lock}, the
 * system's folder for lock files. The kernel drops the lock when its process ends, however it ends, so a killed holder
 * never blocks the others. The file stays (empty but for its holder's line, as lock files do) and is readable and
 * writable by all, so that an exporter running as root and a user's watch exclude each other. The holder writes one
 * line saying who it is, for the others to say what they wait for.
 *
 * <p>A record lock belongs to the process and goes when the process closes any descriptor of the file, so this class
 * never opens the file while this process holds the lock (a second holder in the same JVM waits like any other).
 */
public final class HostLock implements AutoCloseable {
    /** The lock of captures: one at a time on a host. */
    public static final Path CAPTURES = Path.of("/run/lock/offheap-capture.lock");

    /** The lock files this JVM holds (their record locks would go if any other descriptor of them were closed). */
    private static final java.util.Set<Path> HELD_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private HostLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock if no process holds it, writing {@code holder} into the file; empty when another holds it.
     *
     * @throws IOException when the file cannot be opened or made (no /run/lock, permission)
     */
    public static synchronized Optional<HostLock> tryAcquire(Path file, String holder) throws IOException {
        if (HELD_HERE.contains(file)) {
            return Optional.empty();
        }
        FileChannel channel = open(file);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        HELD_HERE.add(file);
        return Optional.of(new HostLock(file, channel, lock));
    }

    /** Who holds the lock (the line its holder wrote), or null when it cannot be read or is empty. */
    public static String holder(Path file) {
        if (HELD_HERE.contains(file)) {
            return "this process";
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? null : text;
        } catch (IOException e) {
            return null;
        }
    }

    // opened without O_CREAT when it exists: with fs.protected_regular, O_CREAT on another user's file in a sticky
    // world-writable folder fails even for root
    private static FileChannel open(Path file) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                try {
                    Files.createFile(file);
                    // whatever the umask: every user's offheap must be able to lock it
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
                } catch (FileAlreadyExistsException raced) {
                    // made by another process meanwhile: open it
                }
                if (attempt > 2) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
            HELD_HERE.remove(file);
        }
    }
}
