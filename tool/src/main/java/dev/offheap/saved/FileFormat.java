package dev.offheap.saved;

/** The formats {@link FormatSniffer} recognises in a saved file, with how each is named to the user. */
public enum FileFormat {
    WATCH_RECORDING("recording of 'offheap watch --record'", ""),
    JFR("JDK Flight Recorder recording", "where the resident memory is by category (it has no memory map), RSS before"
            + " JDK 21"),
    HEAP_V2("jemalloc heap profile (heap_v2)", ""),
    HPROF("HPROF heap dump", ""),
    HS_ERR("hs_err fatal error log", "where the resident memory is (its memory map has no counters)"),
    GC_LOG("GC log", "memory outside the Java heap and metaspace"),
    NMT("NMT report (VM.native_memory)", "resident memory (committed memory becomes resident only when touched),"
            + " memory the JVM does not track (JNI libraries, glibc's free lists), direct buffers apart from other"
            + " Unsafe memory, the JVM's flags"),
    SMAPS("/proc/PID/smaps", "the pid, the JVM (version, flags, NMT level), which part of the JVM owns each anonymous"
            + " mapping"),
    MAPS("/proc/PID/maps", "resident memory, the pid, the JVM"),
    PMAP("pmap -x/-X output", "the JVM's version and flags, which part of the JVM owns each anonymous mapping"),
    STATUS("/proc/PID/status", "where the resident memory is (only totals)"),
    VM_FLAGS("VM.flags", "memory use"),
    VM_VERSION("VM.version", "memory use"),
    VM_COMMAND_LINE("VM.command_line", "memory use, options given through JAVA_TOOL_OPTIONS"),
    UNKNOWN("unknown", "");

    private final String description;
    private final String cannotTell;

    FileFormat(String description, String cannotTell) {
        this.description = description;
        this.cannotTell = cannotTell;
    }

    public String description() {
        return description;
    }

    /** What a file of this format alone cannot tell ("" where nothing is worth saying). */
    public String cannotTell() {
        return cannotTell;
    }
}
