package dev.offheap.model;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The raw inputs of one snapshot by file name, exactly as read from a live JVM or from a saved folder: the same
 * files give the same analysis. Names are the constants below; a missing entry means "not read".
 */
public final class SnapshotSources {
    /** "pid=…", "takenAt=…", "note=…" lines. */
    public static final String META = "snapshot.txt";
    public static final String STATUS = "status.txt";
    public static final String SMAPS = "smaps.txt";
    /** {@code pmap -x} or {@code pmap -X} output: the memory map where no smaps was saved (loose files). */
    public static final String PMAP = "pmap.txt";
    public static final String ENVIRON = "environ.txt";
    /** The cgroup memory figures as "key=value" lines ({@link CgroupMemory}'s fields; stat.NAME for memory.stat). */
    public static final String CGROUP = "cgroup-memory.txt";
    public static final String VM_VERSION = "vm-version.txt";
    public static final String VM_FLAGS = "vm-flags.txt";
    public static final String VM_COMMAND_LINE = "vm-command-line.txt";
    public static final String NMT = "native-memory.txt";
    public static final String HEAP_INFO = "gc-heap-info.txt";
    public static final String CODE_CACHE = "codecache.txt";
    public static final String NATIVE_HEAP_INFO = "native-heap-info.xml";
    public static final String BUFFER_POOLS = "buffer-pools.txt";
    public static final String HSPERFDATA = "hsperfdata";
    public static final String SYSTEM_MAP = "system-map.txt";
    /** Derived live: resident bytes per address range from pagemap, "start end bytes" in hex/decimal. */
    public static final String RESIDENCY = "residency.tsv";
    /** Derived live: glibc heaps with their heap_info confirmation. */
    public static final String GLIBC_HEAPS = "glibc-heaps.tsv";
    /** Derived live: threads with their names and stack pointers ("tid\tname\tsp"). */
    public static final String THREADS = "threads.tsv";
    /** Derived live: library .bss ranges from the libraries' ELF program headers. */
    public static final String LIBRARY_BSS = "library-bss.tsv";

    private final Map<String, byte[]> files;
    /** Parsed forms by file name: a live report assembles its sources twice, and NMT detail can be megabytes. */
    private final Map<String, Object> parsed;

    public SnapshotSources(Map<String, byte[]> files) {
        this(files, new ConcurrentHashMap<>());
    }

    private SnapshotSources(Map<String, byte[]> files, Map<String, Object> parsed) {
        this.files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        this.parsed = parsed;
    }

    public Map<String, byte[]> files() {
        return files;
    }

    /**
     * The file {@code name} as {@code parser} reads it, parsed on the first call only (each file has one parser);
     * empty when the file is absent.
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<Parsed<T>> parsed(String name, Function<String, Parsed<T>> parser) {
        if (!files.containsKey(name)) {
            return Optional.empty();
        }
        return Optional.of((Parsed<T>) parsed.computeIfAbsent(name, n -> parser.apply(text(n).orElseThrow())));
    }

    /** These sources, with {@code parsedByName} as {@link #parsed}'s results by file name: the reader parsed them already. */
    public SnapshotSources withParsed(Map<String, Parsed<?>> parsedByName) {
        Map<String, Object> more = new ConcurrentHashMap<>(parsed);
        more.putAll(parsedByName);
        return new SnapshotSources(files, more);
    }

    public Optional<byte[]> bytes(String name) {
        return Optional.ofNullable(files.get(name));
    }

    public Optional<String> text(String name) {
        return bytes(name).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    public boolean has(String name) {
        return files.containsKey(name);
    }

    public SnapshotSources with(String name, String text) {
        return with(name, text.getBytes(StandardCharsets.UTF_8));
    }

    public SnapshotSources with(String name, byte[] content) {
        Map<String, byte[]> copy = new LinkedHashMap<>(files);
        copy.put(name, content);
        Map<String, Object> kept = new ConcurrentHashMap<>(parsed);
        kept.remove(name);
        return new SnapshotSources(copy, kept);
    }
}
