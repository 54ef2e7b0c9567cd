package dev.offheap.live;

import dev.offheap.model.JvmFlag;
import dev.offheap.model.JvmFlags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The flags a recording keeps: every flag not at its default, plus those the rules read even when default. */
final class WatchFlags {
    private static final List<String> ALWAYS = List.of("MaxHeapSize", "MaxDirectMemorySize", "MaxMetaspaceSize",
            "CompressedClassSpaceSize", "ReservedCodeCacheSize", "ThreadStackSize", "DisableExplicitGC",
            "ExplicitGCInvokesConcurrent", "UseCodeCacheFlushing", "UseSerialGC", "UseParallelGC", "UseG1GC", "UseZGC",
            "UseShenandoahGC", "UseConcMarkSweepGC", "NativeMemoryTracking");

    private WatchFlags() {
    }

    static Map<String, String> select(JvmFlags flags) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (JvmFlag f : flags.flags().values()) {
            boolean notDefault = f.origin() != null && !f.origin().equals("default");
            if (notDefault || ALWAYS.contains(f.name()) || JvmFlags.NATIVE_MEMORY.contains(f.name())) {
                kept.put(f.name(), f.value());
            }
        }
        return kept;
    }
}
