package dev.offheap.cli;

import java.nio.file.Path;

/** Takes a heap dump of a live JVM, keeping unreachable objects, into a file the caller chose. */
public interface HeapDumper {
    /**
     * Has the JVM {@code pid} write a heap dump of all objects (also unreachable ones) to {@code privateFile}, and
     * returns the path where this process can read it. Throws {@code TargetException} when the JVM cannot be reached.
     */
    Path dump(long pid, Path privateFile);
}
