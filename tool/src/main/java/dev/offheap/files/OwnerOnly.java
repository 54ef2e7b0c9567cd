package dev.offheap.files;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What offheap writes, only its owner can read (DESIGN.md §6): every folder it creates is 0700 and every file 0600,
 * whatever the umask. Created with that mode, so no other user can open one in between, and set again right after,
 * since the umask may have taken bits away; a file written over gets 0600 before anything is written into it. On a
 * file system without POSIX permissions the modes are what it gives.
 */
public final class OwnerOnly {
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final List<OpenOption> WRITE_OVER = List.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);

    private OwnerOnly() {
    }

    /** Creates {@code dir} and its missing parents, each 0700; folders that exist are left as they are. */
    public static Path createDirectories(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p, attribute(FOLDER));
                restrict(p, FOLDER);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(p);
            }
        }
        return dir;
    }

    /** A new folder in {@code base} (null: the system's temporary folder) named {@code prefix…}, 0700. */
    public static Path createTempDirectory(Path base, String prefix) throws IOException {
        Path dir = base == null ? Files.createTempDirectory(prefix) : Files.createTempDirectory(base, prefix);
        restrict(dir, FOLDER);
        return dir;
    }

    /** Writes {@code bytes} into {@code file}, created (or written over) 0600. */
    public static void write(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = newOutputStream(file)) {
            out.write(bytes);
        }
    }

    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A stream into {@code file}, 0600; without options it is created or written over, as Files.newOutputStream does. */
    public static OutputStream newOutputStream(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> opts = new java.util.HashSet<>(options.length == 0 ? WRITE_OVER : List.of(options));
        opts.add(StandardOpenOption.WRITE);
        SeekableByteChannel channel;
        try {
            channel = Files.newByteChannel(file, opts, attribute(FILE));
        } catch (UnsupportedOperationException e) {
            channel = Files.newByteChannel(file, opts);
        }
        try {
            restrict(file, FILE);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return Channels.newOutputStream(channel);
    }

    public static BufferedWriter newBufferedWriter(Path file, OpenOption... options) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(newOutputStream(file, options), StandardCharsets.UTF_8));
    }

    /** Copies {@code from} to {@code to}, which must not exist, as a 0600 file. */
    public static Path copy(Path from, Path to) throws IOException {
        try (OutputStream out = newOutputStream(to, StandardOpenOption.CREATE_NEW)) {
            Files.copy(from, out);
        }
        return to;
    }

    /** Moves {@code from} to {@code to} and makes it owner-only (a file 0600, a folder 0700 with all it holds). */
    public static Path move(Path from, Path to, CopyOption... options) throws IOException {
        Files.move(from, to, options);
        restrictTree(to);
        return to;
    }

    /**
     * Makes what offheap keeps but another program wrote (a JVM's GC log, a heap dump, jemalloc's profiles) owner-only:
     * a file 0600, a folder 0700 with every file and folder in it. Symbolic links are left alone (a mode set through
     * one would change the file it points to).
     */
    public static void restrictTree(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            return;
        }
        if (!Files.isDirectory(path)) {
            restrict(path, FILE);
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(path)) {
            all = s.filter(p -> !Files.isSymbolicLink(p)).toList();
        }
        for (Path p : all) {
            restrict(p, Files.isDirectory(p) ? FOLDER : FILE);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, mode);
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions on this file system (FAT, some network mounts): nothing to set
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> mode) {
        return PosixFilePermissions.asFileAttribute(mode);
    }
}
