package dev.offheap.live;

import dev.offheap.attach.Jcmd;
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
 * Takes a heap dump of a live JVM through the attach socket ({@code GC.heap_dump -all}: unreachable objects are
 * kept, they are the point). The JVM writes the file itself, as its own user and inside its own mount namespace, so
 * the dump goes to a private folder (mode 0700, owned by the target's user) in the target's /tmp, reached from here
 * as /proc/PID/root/tmp/…; closing the result deletes it.
 */
public final class HeapDumper {
    /** A dump written by the target; {@link #close()} removes it and its folder. */
    public record TakenDump(Path file, Path dir) implements AutoCloseable {
        @Override
        public void close() {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new TargetException("cannot delete the heap dump folder " + dir + ": " + e.getMessage());
            }
        }
    }

    public TakenDump dump(long pid) {
        ProcessStatus status = new ProcReader(pid).status().value();
        Jcmd jcmd = Jcmd.attach(pid);
        Path targetTmp = Path.of("/proc", Long.toString(pid), "root", "tmp");
        Path dir;
        try {
            dir = Files.createTempDirectory(targetTmp, "offheap-dump-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.setAttribute(dir, "unix:uid", (int) status.effectiveUid().orElse(0));
            Files.setAttribute(dir, "unix:gid", (int) status.effectiveGid().orElse(0));
        } catch (IOException e) {
            throw new TargetException("pid " + pid + ": cannot create a private folder in its /tmp (" + targetTmp + "): "
                    + e.getMessage());
        }
        TakenDump taken = new TakenDump(dir.resolve("heap.hprof"), dir);
        try {
            jcmd.heapDump(Path.of("/tmp", dir.getFileName().toString(), "heap.hprof"), true);
            if (!Files.isRegularFile(taken.file())) {
                throw new TargetException("pid " + pid + ": the JVM reported a dump but none is at " + taken.file());
            }
            return taken;
        } catch (RuntimeException e) {
            taken.close();
            throw e;
        }
    }
}
