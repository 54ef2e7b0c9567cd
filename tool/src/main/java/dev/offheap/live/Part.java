package dev.offheap.live;

/**
 * A part of a live sample or snapshot that may be missing without ending it: when it cannot be read, the report
 * says so in a note and offheap export in {@code offheap_target_part_missing{part}}. The text values are those
 * label values; the JVM's version and flags, /proc/PID/status and smaps are no part: without them there is nothing.
 */
public enum Part {
    BUFFER_POOLS("buffer_pools", "buffer pools"),
    ENVIRONMENT("environment", "environment"),
    MALLOC_STATISTICS("malloc_statistics", "malloc statistics (System.native_heap_info)"),
    NATIVE_MEMORY("native_memory", "NMT (VM.native_memory)"),
    CODE_CACHE("code_cache", "code cache (Compiler.codecache)"),
    HEAP_INFO("heap_info", "heap regions (GC.heap_info)"),
    SYSTEM_MAP("system_map", "System.map cross-check"),
    COMMAND_LINE("command_line", "command line (VM.command_line)"),
    PERF_COUNTERS("perf_counters", "performance counters (hsperfdata)"),
    CGROUP("cgroup", "cgroup memory files"),
    GLIBC_HEAPS("glibc_heaps", "glibc heap headers (/proc/PID/mem)"),
    THREADS("threads", "thread stack pointers"),
    LIBRARIES("libraries", "native libraries");

    private final String text;
    private final String description;

    Part(String text, String description) {
        this.text = text;
        this.description = description;
    }

    /** The label value: {@code buffer_pools}, {@code environment}, … */
    public String text() {
        return text;
    }

    /** What the part is, as a note names it: "buffer pools", "code cache (Compiler.codecache)". */
    public String description() {
        return description;
    }
}
