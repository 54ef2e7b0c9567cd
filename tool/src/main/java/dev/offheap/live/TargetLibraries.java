package dev.offheap.live;

import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryMap;
import dev.offheap.parse.profiles.JemallocVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The native libraries a JVM has mapped from outside its JDK and the system library folders (JNI libraries, often
 * extracted to /tmp), and the version of a mapped jemalloc, read from the library file through /proc/PID/root.
 */
record TargetLibraries(List<String> names, String jemallocVersion) {
    private static final List<String> SYSTEM = List.of("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/");

    static TargetLibraries of(long pid, MemoryMap map, List<String> notes) {
        String jdk = null;
        for (Mapping m : map.mappings()) {
            if (m.path() != null && m.path().endsWith("/libjvm.so")) {
                // <jdk>/lib/server/libjvm.so
                jdk = Path.of(m.path()).getParent().getParent().getParent().toString() + "/";
            }
        }
        Set<String> names = new LinkedHashSet<>();
        String jemalloc = null;
        for (Mapping m : map.mappings()) {
            String p = m.path();
            if (p == null || !m.isFileBacked() || !(p.endsWith(".so") || p.contains(".so."))) {
                continue;
            }
            String name = Path.of(p).getFileName().toString();
            if (name.startsWith("libjemalloc") && jemalloc == null) {
                jemalloc = jemallocVersion(pid, m, notes);
            }
            boolean system = SYSTEM.stream().anyMatch(p::startsWith) || jdk != null && p.startsWith(jdk);
            if (!system) {
                names.add(name);
            }
        }
        return new TargetLibraries(new ArrayList<>(names), jemalloc);
    }

    private static String jemallocVersion(long pid, Mapping m, List<String> notes) {
        // through the target's root (containers) or, for a deleted file, its map_files entry
        Path file = m.deleted() ? Path.of("/proc", Long.toString(pid), "map_files",
                Long.toHexString(m.startAddress()) + "-" + Long.toHexString(m.endAddress()))
                : Path.of("/proc", Long.toString(pid), "root", m.path().substring(1));
        try {
            return JemallocVersion.find(Files.readAllBytes(file)).orElseGet(() -> {
                notes.add("jemalloc is mapped (" + m.path() + ") but its version string was not found in the file");
                return null;
            });
        } catch (IOException e) {
            notes.add("jemalloc is mapped (" + m.path() + ") but cannot be read: " + e.getMessage());
            return null;
        }
    }
}
