package dev.offheap.parse.hprof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** A directory only its owner can enter (mode 0700), deleted with everything in it on {@link #close()}. */
public final class PrivateTempDir implements AutoCloseable {
    private final Path dir;

    private PrivateTempDir(Path dir) {
        this.dir = dir;
    }

    /** A new private directory under {@code parent} (the system temp dir when null). */
    public static PrivateTempDir create(Path parent, String prefix) {
        try {
            var mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
            Path base = parent != null ? parent : Path.of(System.getProperty("java.io.tmpdir"));
            return new PrivateTempDir(Files.createTempDirectory(base, prefix, mode));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a private temporary directory: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    @Override
    public void close() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
