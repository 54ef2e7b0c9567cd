package dev.offheap.proc;

import dev.offheap.model.CgroupMemory;
import dev.offheap.model.CgroupPath;
import dev.offheap.model.Parsed;
import dev.offheap.parse.proc.CgroupParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the memory controller directory of a process's cgroup. v1: the line naming {@code memory} in
 * /proc/PID/cgroup, under {@code <root>/memory}; v2: the {@code 0::} line, under {@code <root>} (or
 * {@code <root>/unified} on hybrid hosts). Tries the host's view first, then the target's own view through
 * {@code /proc/PID/root/sys/fs/cgroup} (a container whose cgroup namespace shows "/" or whose path the host lacks).
 */
final class CgroupLocator {
    private final Path procPidDir;
    private final Path cgroupRoot;

    CgroupLocator(Path procPidDir, Path cgroupRoot) {
        this.procPidDir = procPidDir;
        this.cgroupRoot = cgroupRoot;
    }

    Optional<Parsed<CgroupMemory>> memory(List<CgroupPath> cgroups) {
        return directory(cgroups).map(d -> CgroupParser.parseDirectory(d.dir(), d.cgroup().path()));
    }

    /** The memory controller directory found for a cgroup of the process. */
    record Found(CgroupPath cgroup, Path dir) {
    }

    Optional<Found> directory(List<CgroupPath> cgroups) {
        Path targetRoot = procPidDir.resolve("root").resolve(cgroupRoot.getRoot().relativize(cgroupRoot));
        for (CgroupPath c : cgroups) {
            if (c.hasController("memory")) {
                for (Path dir : candidates(c.path(), List.of(cgroupRoot.resolve("memory"), targetRoot.resolve("memory")))) {
                    if (Files.isReadable(dir.resolve("memory.limit_in_bytes"))) {
                        return Optional.of(new Found(c, dir));
                    }
                }
                return Optional.empty();
            }
        }
        for (CgroupPath c : cgroups) {
            if (c.isUnified()) {
                List<Path> roots = List.of(cgroupRoot, cgroupRoot.resolve("unified"), targetRoot);
                for (Path dir : candidates(c.path(), roots)) {
                    if (Files.isReadable(dir.resolve("memory.current")) || Files.isReadable(dir.resolve("memory.max"))) {
                        return Optional.of(new Found(c, dir));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Each root joined with the path, then each root alone (a namespaced view where the group is the root). */
    private static List<Path> candidates(String path, List<Path> roots) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        List<Path> out = new ArrayList<>();
        for (Path r : roots) {
            out.add(relative.isEmpty() ? r : r.resolve(relative));
        }
        if (!relative.isEmpty()) {
            out.add(roots.get(roots.size() - 1));
        }
        return out;
    }
}
