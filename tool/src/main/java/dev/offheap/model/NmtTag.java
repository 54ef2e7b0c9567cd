package dev.offheap.model;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An NMT memory category normalized across JDK 8 to 25 (HotSpot MEMORY_TYPES_DO, memTag.hpp). Each tag lists the
 * names JDKs print for it; {@link #fromName} maps any of them. Names no JDK we know prints give UNRECOGNIZED (the
 * raw name stays on the category).
 */
public enum NmtTag {
    JAVA_HEAP(false, "Java Heap"),
    /** JDK 8: all class metadata. JDK 9+: class space and class-related malloc; metaspace nodes are METASPACE (17+). */
    CLASS(false, "Class"),
    THREAD(false, "Thread"),
    /** Printed within Thread by summary; appears alone in detail records ("for Thread Stack"). */
    THREAD_STACK(false, "Thread Stack"),
    CODE(false, "Code"),
    GC(false, "GC"),
    GC_CARD_SET(true, "GCCardSet"),
    COMPILER(false, "Compiler"),
    JVMCI(true, "JVMCI"),
    /** JDK 8: also Unsafe.allocateMemory and direct buffers. */
    INTERNAL(false, "Internal"),
    /** JDK 9+: Unsafe.allocateMemory and direct buffers ("memory not used by VM"). */
    OTHER(false, "Other"),
    SYMBOL(false, "Symbol"),
    NMT(false, "Native Memory Tracking", "Memory Tracking"),
    SHARED_CLASS_SPACE(false, "Shared class space"),
    ARENA_CHUNK(false, "Arena Chunk", "Pooled Free Chunks"),
    TEST(false, "Test"),
    TRACING(false, "Tracing"),
    LOGGING(true, "Logging"),
    STATISTICS(true, "Statistics"),
    ARGUMENTS(true, "Arguments"),
    MODULE(true, "Module"),
    SAFEPOINT(true, "Safepoint"),
    SYNCHRONIZER(true, "Synchronization", "Synchronizer"),
    SERVICEABILITY(true, "Serviceability"),
    /** JDK 17+: non-class metaspace nodes. */
    METASPACE(true, "Metaspace"),
    STRING_DEDUP(true, "String Deduplication"),
    OBJECT_MONITORS(true, "Object Monitors"),
    UNKNOWN(false, "Unknown"),
    UNRECOGNIZED(false);

    private static final Map<String, NmtTag> BY_NAME = new HashMap<>();

    static {
        for (NmtTag t : values()) {
            for (String n : t.names) {
                BY_NAME.put(n.toLowerCase(Locale.ROOT), t);
            }
        }
    }

    private final boolean sinceJdk9;
    private final List<String> names;

    NmtTag(boolean sinceJdk9, String... names) {
        this.sinceJdk9 = sinceJdk9;
        this.names = List.of(names);
    }

    /** The tag of a category name as printed (case and surrounding blanks ignored); UNRECOGNIZED when unknown. */
    public static NmtTag fromName(String printed) {
        NmtTag t = BY_NAME.get(printed.trim().toLowerCase(Locale.ROOT));
        return t == null ? UNRECOGNIZED : t;
    }

    /** The name current JDKs print; empty for UNRECOGNIZED. */
    public String text() {
        return names.isEmpty() ? "" : names.get(0);
    }

    /** True for categories JDK 8 never prints: seeing one proves a JDK 9+ text. */
    public boolean sinceJdk9() {
        return sinceJdk9;
    }
}
