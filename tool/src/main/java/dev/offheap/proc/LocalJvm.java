package dev.offheap.proc;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A HotSpot JVM found on this machine: its pid as we see it, its pid inside its own PID namespace ({@code nspid},
 * equal to {@code pid} outside containers) and its hsperfdata file, null when it runs with -XX:-UsePerfData.
 */
public record LocalJvm(long pid, long nspid, Path perfDataFile) {
    public Optional<Path> perfData() {
        return Optional.ofNullable(perfDataFile);
    }
}
