package dev.offheap.cli;

import dev.offheap.model.InputException;
import dev.offheap.model.SnapshotSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A snapshot's sources saved as a folder: one file per source under its {@link SnapshotSources} name, plus
 * {@code MANIFEST.txt} saying what each file is. Reading it back gives the same sources, hence the same analysis.
 */
final class SnapshotFolder {
    static final String MANIFEST = "MANIFEST.txt";
    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put(SnapshotSources.META, "pid, time taken (epoch ms) and notes of the snapshot");
        DESCRIPTIONS.put(SnapshotSources.STATUS, "copy of /proc/PID/status");
        DESCRIPTIONS.put(SnapshotSources.SMAPS, "copy of /proc/PID/smaps");
        DESCRIPTIONS.put(SnapshotSources.ENVIRON, "copy of /proc/PID/environ (NUL-separated)");
        DESCRIPTIONS.put(SnapshotSources.CGROUP, "the process's cgroup memory limit, usage and memory.stat");
        DESCRIPTIONS.put(SnapshotSources.VM_VERSION, "jcmd PID VM.version");
        DESCRIPTIONS.put(SnapshotSources.VM_FLAGS, "jcmd PID VM.flags -all");
        DESCRIPTIONS.put(SnapshotSources.VM_COMMAND_LINE, "jcmd PID VM.command_line");
        DESCRIPTIONS.put(SnapshotSources.NMT, "jcmd PID VM.native_memory summary|detail");
        DESCRIPTIONS.put(SnapshotSources.HEAP_INFO, "jcmd PID GC.heap_info");
        DESCRIPTIONS.put(SnapshotSources.CODE_CACHE, "jcmd PID Compiler.codecache");
        DESCRIPTIONS.put(SnapshotSources.NATIVE_HEAP_INFO, "jcmd PID System.native_heap_info (glibc malloc_info)");
        DESCRIPTIONS.put(SnapshotSources.BUFFER_POOLS, "NIO buffer pools read by offheap's agent (time;name,count,capacity,used;…)");
        DESCRIPTIONS.put(SnapshotSources.HSPERFDATA, "copy of the JVM's hsperfdata file (performance counters)");
        DESCRIPTIONS.put(SnapshotSources.SYSTEM_MAP, "jcmd PID System.map");
        DESCRIPTIONS.put(SnapshotSources.RESIDENCY, "resident bytes per address range, measured with /proc/PID/pagemap");
        DESCRIPTIONS.put(SnapshotSources.GLIBC_HEAPS, "glibc arena heaps and their heap_info confirmation (/proc/PID/mem)");
        DESCRIPTIONS.put(SnapshotSources.THREADS, "threads: id, name (task comm), stack pointer (task syscall)");
        DESCRIPTIONS.put(SnapshotSources.LIBRARY_BSS, "libraries' .bss ranges from their ELF program headers");
    }

    private SnapshotFolder() {
    }

    /** Writes the sources into {@code dir}, which must not exist or be empty. */
    static void write(Path dir, SnapshotSources sources) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new InputException(dir + ": folder is not empty; choose a new one");
                    }
                }
            }
            Files.createDirectories(dir);
            StringBuilder manifest = new StringBuilder("# offheap snapshot sources: file, what it is\n");
            for (Map.Entry<String, byte[]> e : sources.files().entrySet()) {
                Files.write(dir.resolve(e.getKey()), e.getValue());
                manifest.append(e.getKey()).append('\t').append(DESCRIPTIONS.getOrDefault(e.getKey(), "")).append('\n');
            }
            Files.writeString(dir.resolve(MANIFEST), manifest);
        } catch (IOException e) {
            throw new InputException("cannot write " + dir + ": " + e.getMessage());
        }
    }

    /** Reads every known source file present in {@code dir}. */
    static SnapshotSources read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + ": not a folder");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : DESCRIPTIONS.keySet()) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) {
                try {
                    files.put(name, Files.readAllBytes(f));
                } catch (IOException e) {
                    throw new InputException(f + ": cannot read: " + e.getMessage());
                }
            }
        }
        if (!files.containsKey(SnapshotSources.SMAPS)) {
            throw new InputException(dir + ": no " + SnapshotSources.SMAPS + " (not a folder written by 'offheap collect')");
        }
        return new SnapshotSources(files);
    }

    /** True when the folder looks like a snapshot folder. */
    static boolean isSnapshotFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(SnapshotSources.SMAPS)) && Files.isRegularFile(dir.resolve(SnapshotSources.META));
    }
}
