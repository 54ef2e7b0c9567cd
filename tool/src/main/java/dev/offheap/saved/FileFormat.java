package dev.offheap.saved;

/** The formats {@link FormatSniffer} recognises in a saved file, with how each is named to the user. */
public enum FileFormat {
    WATCH_RECORDING("recording of 'offheap watch --record'"),
    HEAP_V2("jemalloc heap profile (heap_v2)"),
    HPROF("HPROF heap dump"),
    HS_ERR("hs_err fatal error log"),
    GC_LOG("GC log"),
    NMT("NMT report (VM.native_memory)"),
    SMAPS("/proc/PID/smaps"),
    MAPS("/proc/PID/maps"),
    PMAP("pmap -x/-X output"),
    STATUS("/proc/PID/status"),
    VM_FLAGS("VM.flags"),
    VM_VERSION("VM.version"),
    VM_COMMAND_LINE("VM.command_line"),
    UNKNOWN("unknown");

    private final String description;

    FileFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
