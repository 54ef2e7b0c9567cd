package dev.offheap.profile;

import dev.offheap.attach.AttachClient;
import dev.offheap.model.Mapping;
import dev.offheap.parse.proc.SmapsParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Test helpers: what async-profiler left in a target (its status, its private folders). */
public final class ProfilerProbe {
    private ProfilerProbe() {
    }

    /** async-profiler's own status line in the target, asked through the copy it has loaded (deleted or not). */
    public static String status(long pid, Path scratch) throws IOException {
        List<Mapping> maps = SmapsParser.parse(Files.readString(Path.of("/proc/" + pid + "/maps")), "maps").value().mappings();
        Optional<Mapping> lib = AsyncProfilerSession.loadedProfiler(new dev.offheap.model.MemoryMap(maps));
        if (lib.isEmpty()) {
            return "not loaded";
        }
        Mapping m = lib.get();
        String path = m.deleted() ? "/proc/self/map_files/" + Long.toHexString(m.startAddress()) + "-" + Long.toHexString(m.endAddress()) : m.path();
        Path file = scratch.resolve("status.txt");
        AttachClient.open(pid).load(path, true, "status,file=" + file + ",log=" + scratch.resolve("log.txt"));
        String status = Files.readString(file).strip();
        Files.deleteIfExists(file);
        Files.deleteIfExists(scratch.resolve("log.txt"));
        return status;
    }

    /**
     * offheap's private profile folders of the sessions that loaded a profiler into this target (named by the library
     * it maps from there, deleted or not, and the files it holds open), that still exist. Other folders in the same
     * /tmp may belong to other tests profiling other JVMs at the same time.
     */
    public static List<Path> leftovers(long pid) throws IOException {
        java.util.Set<Path> dirs = new java.util.TreeSet<>();
        for (Mapping m : SmapsParser.parse(Files.readString(Path.of("/proc/" + pid + "/maps")), "maps").value().mappings()) {
            if (m.path() != null && m.path().endsWith("/libasyncProfiler.so")) {
                dirs.add(Path.of(m.path()).getParent());
            }
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    Path file = Files.readSymbolicLink(fd);
                    if (file.getParent() != null && file.getParent().getFileName() != null
                            && file.getParent().getFileName().toString().startsWith("offheap-profile-")) {
                        dirs.add(file.getParent());
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return dirs.stream().filter(d -> d.getFileName().toString().startsWith("offheap-profile-"))
                .map(d -> Path.of("/proc/" + pid + "/root" + d)).filter(Files::exists).toList();
    }
}
