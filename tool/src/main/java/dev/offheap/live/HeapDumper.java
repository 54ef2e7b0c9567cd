package dev.offheap.live;

import dev.offheap.attach.Jcmd;
import dev.offheap.model.TargetException;
import java.nio.file.Files;
import java.nio.file.Path;

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
            new TargetTmpFolder(dir, dir).close();
        }
    }

    public TakenDump dump(long pid) {
        Jcmd jcmd = Jcmd.attach(pid);
        TargetTmpFolder folder = TargetTmpFolder.create(pid, "offheap-dump-");
        TakenDump taken = new TakenDump(folder.here().resolve("heap.hprof"), folder.here());
        try {
            jcmd.heapDump(folder.inTarget().resolve("heap.hprof"), true);
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
