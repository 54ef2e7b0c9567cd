package dev.offheap.live;

import dev.offheap.model.ProcessStatus;
import dev.offheap.model.TargetException;
import dev.offheap.proc.ProcReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private folder (mode 0700, owned by the target's user) in a live JVM's /tmp, for files the JVM writes itself
 * through the attach socket (heap dumps, JFR dumps): it writes as its own user and inside its own mount namespace,
 * so offheap reaches the folder as /proc/PID/root/tmp/… and the JVM as /tmp/…. {@link #close()} deletes it.
 *
 * @param here     the folder as offheap sees it
 * @param inTarget the same folder as the target sees it
 */
record TargetTmpFolder(Path here, Path inTarget) implements AutoCloseable {
    static TargetTmpFolder create(long pid, String prefix) {
        ProcessStatus status = new ProcReader(pid).status().value();
        Path targetTmp = Path.of("/proc", Long.toString(pid), "root", "tmp");
        try {
            Path dir = Files.createTempDirectory(targetTmp, prefix);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.setAttribute(dir, "unix:uid", (int) status.effectiveUid().orElse(0));
            Files.setAttribute(dir, "unix:gid", (int) status.effectiveGid().orElse(0));
            return new TargetTmpFolder(dir, Path.of("/tmp", dir.getFileName().toString()));
        } catch (IOException e) {
            throw new TargetException("pid " + pid + ": cannot create a private folder in its /tmp (" + targetTmp + "): "
                    + e.getMessage());
        }
    }

    @Override
    public void close() {
        try (Stream<Path> s = Files.walk(here)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new TargetException("cannot delete the folder " + here + ": " + e.getMessage());
        }
    }
}
