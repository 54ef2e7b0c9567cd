package dev.offheap.profile;

import dev.offheap.attach.AttachClient;
import dev.offheap.model.Mapping;
import dev.offheap.parse.SmapsParser;
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

    /** offheap's private profile folders left in the target's /tmp. */
    public static List<Path> leftovers(long pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/root/tmp"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("offheap-profile-")).toList();
        }
    }
}
