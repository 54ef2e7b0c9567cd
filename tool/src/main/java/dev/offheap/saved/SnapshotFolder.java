package dev.offheap.saved;

import dev.offheap.assemble.SnapshotAssembler;
import dev.offheap.files.OwnerOnly;
import dev.offheap.files.PrivateFiles;
import dev.offheap.model.CollectedFile;
import dev.offheap.model.InputException;
import dev.offheap.model.Snapshot;
import dev.offheap.model.SnapshotSources;
import dev.offheap.model.TargetException;
import dev.offheap.redact.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A snapshot's sources saved as a folder: one file per source under its {@link SnapshotSources} name, plus
 * {@code MANIFEST.txt} saying what each file is. Reading it back gives the same sources, hence the same analysis.
 */
public final class SnapshotFolder {
    public static final String MANIFEST = "MANIFEST.txt";
    /** The JDK Flight Recorder recording 'collect --jfr' saves: read with the snapshot by 'offheap analyze DIR'. */
    public static final String JFR_RECORDING = "recording.jfr";
    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();
    /** The sources read through the redactor: they carry the target's environment, arguments and string flags. */
    private static final Set<String> CONFIGURATION = Set.of(SnapshotSources.ENVIRON, SnapshotSources.VM_FLAGS,
            SnapshotSources.VM_COMMAND_LINE, SnapshotSources.HSPERFDATA);

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

    /** How each source is taken by 'offheap collect' (PID replaced by the pid). */
    private static final Map<String, String> HOW = new LinkedHashMap<>();

    static {
        HOW.put(SnapshotSources.META, "written by offheap");
        HOW.put(SnapshotSources.STATUS, "read /proc/PID/status");
        HOW.put(SnapshotSources.SMAPS, "read /proc/PID/smaps");
        HOW.put(SnapshotSources.ENVIRON, "read /proc/PID/environ");
        HOW.put(SnapshotSources.CGROUP, "read the memory cgroup files of /proc/PID/cgroup under /sys/fs/cgroup");
        HOW.put(SnapshotSources.VM_VERSION, "attach: jcmd PID VM.version");
        HOW.put(SnapshotSources.VM_FLAGS, "attach: jcmd PID VM.flags -all");
        HOW.put(SnapshotSources.VM_COMMAND_LINE, "attach: jcmd PID VM.command_line");
        HOW.put(SnapshotSources.NMT, "attach: jcmd PID VM.native_memory <the JVM's NMT level>");
        HOW.put(SnapshotSources.HEAP_INFO, "attach: jcmd PID GC.heap_info");
        HOW.put(SnapshotSources.CODE_CACHE, "attach: jcmd PID Compiler.codecache");
        HOW.put(SnapshotSources.NATIVE_HEAP_INFO, "attach: jcmd PID System.native_heap_info");
        HOW.put(SnapshotSources.BUFFER_POOLS, "attach: load offheap's agent, read BufferPoolMXBean");
        HOW.put(SnapshotSources.HSPERFDATA, "copy of /tmp/hsperfdata_<user>/PID (as the target sees it)");
        HOW.put(SnapshotSources.SYSTEM_MAP, "attach: jcmd PID System.map");
        HOW.put(SnapshotSources.RESIDENCY, "read /proc/PID/pagemap for the ranges shared by several owners");
        HOW.put(SnapshotSources.GLIBC_HEAPS, "read heap_info headers through /proc/PID/mem");
        HOW.put(SnapshotSources.LIBRARY_BSS, "read the ELF program headers of the mapped libraries");
    }

    private SnapshotFolder() {
    }

    /** Writes the sources, read through {@code redactor}, into {@code dir}, which must not exist or be empty. */
    public static void write(Path dir, SnapshotSources sources, Redactor redactor) {
        write(dir, sources, Map.of(), 0, List.of(), redactor);
    }

    /**
     * Writes the sources of pid {@code pid} (each read at {@code times}, through {@code redactor}) and {@code extras}
     * into {@code dir}, which must not exist or be empty, with MANIFEST.txt: what the redaction did (the keys it
     * redacted, never their values), then one tab-separated line per file saying what it is, how it was taken (the
     * command) and when (UTC). The folder (when made here), its subfolders and files are owner-only (0700, 0600).
     */
    public static void write(Path dir, SnapshotSources sources, Map<String, Long> times, long pid, List<CollectedFile> extras,
                             Redactor redactor) {
        boolean created = false;
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new InputException(dir + ": folder is not empty; choose a new one");
                    }
                }
            } else {
                OwnerOnly.createDirectories(dir);
                created = true;
            }
            StringBuilder manifest = new StringBuilder("# offheap snapshot sources: file, what it is, how it was taken, when (UTC)\n");
            manifest.append(redaction(redactor));
            for (Map.Entry<String, byte[]> e : sources.files().entrySet()) {
                OwnerOnly.write(dir.resolve(e.getKey()), e.getValue());
                String how = HOW.getOrDefault(e.getKey(), "").replace("PID", pid > 0 ? Long.toString(pid) : "PID");
                manifest.append(line(e.getKey(), DESCRIPTIONS.getOrDefault(e.getKey(), "") + redacted(e.getKey(), redactor), how,
                        times.get(e.getKey())));
            }
            for (CollectedFile x : extras) {
                if (x.content() != null) {
                    Path target = dir.resolve(x.name());
                    OwnerOnly.createDirectories(target.getParent());
                    OwnerOnly.write(target, x.content());
                }
                manifest.append(line(x.name(), x.what(), x.how(), x.takenAtMillis() > 0 ? x.takenAtMillis() : null));
            }
            // written last and whole (renamed into place): a folder without it is incomplete
            Path tmp = dir.resolve("." + MANIFEST + ".tmp");
            OwnerOnly.writeString(tmp, manifest.toString());
            Files.move(tmp, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a half-written folder is of no use (disk full): what was written goes, the folder too if made here
            discard(dir, created);
            throw new InputException("cannot write " + dir + ": " + e.getMessage() + "; nothing was kept");
        }
    }

    /**
     * "# redaction on: …" and "# redacted keys (never their values): -Ddb.password, environment DB_PASSWORD, …", or
     * "# redaction off (--no-redact): …".
     */
    private static String redaction(Redactor redactor) {
        StringBuilder out = new StringBuilder("# redaction ").append(redactor.describe()).append('\n');
        if (redactor.on()) {
            List<String> keys = redactor.redactedKeys();
            out.append("# redacted keys (never their values): ").append(keys.isEmpty() ? "none found" : String.join(", ", keys))
                    .append('\n');
        }
        return out.toString();
    }

    /** ", redacted" for a source that carries the target's configuration, when the redaction is on. */
    private static String redacted(String name, Redactor redactor) {
        return redactor.on() && CONFIGURATION.contains(name) ? ", redacted" : "";
    }

    private static void discard(Path dir, boolean created) {
        if (created) {
            PrivateFiles.deleteTree(dir);
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.toList().forEach(PrivateFiles::deleteTree);
        } catch (IOException e) {
            // the error being reported says what failed
        }
    }

    /**
     * Fails when {@code dir} was written by a collect that did not finish: no MANIFEST.txt, and either the snapshot's
     * files or nothing but source files (a collect killed right after making the folder leaves it empty, and smaps.txt
     * is not the first file it writes).
     */
    public static void checkComplete(Path dir) {
        if (!Files.isRegularFile(dir.resolve(MANIFEST)) && (isSnapshotFolder(dir) || onlyCollectFiles(dir))) {
            throw new InputException(dir + ": incomplete: no " + MANIFEST + ", which 'offheap collect' writes last"
                    + " (it was interrupted, or the disk was full); collect again");
        }
    }

    private static boolean onlyCollectFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .allMatch(n -> DESCRIPTIONS.containsKey(n) || n.equals("." + MANIFEST + ".tmp"));
        } catch (IOException e) {
            throw new InputException(dir + ": cannot read: " + e.getMessage());
        }
    }

    /** Fails early (before anything is read from the target) when {@code dir} exists and is not empty. */
    public static void checkWritable(Path dir) {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new InputException(dir + ": folder is not empty; choose a new one");
                }
            } catch (IOException e) {
                throw new InputException(dir + ": cannot read: " + e.getMessage());
            }
        }
    }

    /**
     * Writes {@code file} into a complete folder {@code dir} afterwards (e.g. what a capture adds once its snapshot is
     * saved) and adds its manifest line; a file without content adds the line alone (a note of what was not taken).
     */
    public static void add(Path dir, CollectedFile file) throws IOException {
        if (file.content() != null) {
            Path target = dir.resolve(file.name());
            OwnerOnly.createDirectories(target.getParent());
            OwnerOnly.write(target, file.content());
        }
        Files.writeString(dir.resolve(MANIFEST), line(file.name(), file.what(), file.how(),
                file.takenAtMillis() > 0 ? file.takenAtMillis() : null), java.nio.file.StandardOpenOption.APPEND);
    }

    /** Adds the manifest line of a file put into the folder afterwards (e.g. a heap dump moved in). */
    private static void appendManifest(Path dir, CollectedFile x) {
        try {
            Files.writeString(dir.resolve(MANIFEST), line(x.name(), x.what(), x.how(), x.takenAtMillis()),
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new InputException("cannot write " + dir.resolve(MANIFEST) + ": " + e.getMessage());
        }
    }

    private static String line(String name, String what, String how, Long at) {
        return name + '\t' + what + '\t' + how + '\t' + (at == null ? "" : java.time.Instant.ofEpochMilli(at)) + '\n';
    }

    /**
     * Moves {@code file} (e.g. a heap dump taken into a private folder), {@code what} it is, into {@code dir} as
     * {@code entry.name()} and adds its manifest line.
     */
    public static void moveIn(Path dir, Path file, String what, CollectedFile entry) {
        try {
            OwnerOnly.move(file, dir.resolve(entry.name()));
        } catch (IOException e) {
            throw new TargetException("cannot move the " + what + " into " + dir + ": " + e.getMessage());
        }
        appendManifest(dir, entry);
    }

    /** The snapshot a complete collect folder holds: the same as 'offheap report' made live from the same sources. */
    public static Snapshot readSnapshot(Path dir) {
        checkComplete(dir);
        if (!isSnapshotFolder(dir)) {
            throw new InputException(dir + ": not a folder written by 'offheap collect' (no snapshot.txt and smaps.txt)");
        }
        return SnapshotAssembler.assemble(read(dir));
    }

    /** Reads every known source file present in {@code dir}. */
    public static SnapshotSources read(Path dir) {
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
    public static boolean isSnapshotFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(SnapshotSources.SMAPS)) && Files.isRegularFile(dir.resolve(SnapshotSources.META));
    }
}
