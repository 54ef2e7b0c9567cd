package dev.offheap.report;

import dev.offheap.model.JvmFlags;
import dev.offheap.model.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The flags that matter for native memory, and the garbage collector in use, as the report shows them. */
public final class TargetFacts {
    public static final List<String> FLAGS = JvmFlags.NATIVE_MEMORY;
    private static final List<String> GCS = List.of("UseSerialGC", "UseParallelGC", "UseG1GC", "UseZGC",
            "UseShenandoahGC", "UseEpsilonGC", "UseConcMarkSweepGC");

    private TargetFacts() {
    }

    /** Name → value of {@link #FLAGS} present in the target. */
    public static Map<String, String> flags(Snapshot s) {
        Map<String, String> result = new LinkedHashMap<>();
        JvmFlags f = s.flags();
        if (f == null) {
            return result;
        }
        for (String name : FLAGS) {
            f.value(name).ifPresent(v -> result.put(name, v));
        }
        return result;
    }

    /** "G1", "Parallel", … or null when unknown. */
    public static String gc(Snapshot s) {
        if (s.flags() == null) {
            return null;
        }
        for (String name : GCS) {
            if (s.flags().bool(name).orElse(false)) {
                return name.substring(3, name.length() - 2);
            }
        }
        return null;
    }

    /** "dev.offheap.zoo.DirectBufferLeak" or the jar, from the command line; null when unknown. */
    public static String mainClass(Snapshot s) {
        if (s.commandLine() != null && s.commandLine().mainClassOrJar() != null) {
            return s.commandLine().mainClassOrJar();
        }
        return s.counters() == null ? null : firstWord(s.counters().text("sun.rt.javaCommand"));
    }

    private static String firstWord(String s) {
        if (s == null) {
            return null;
        }
        int space = s.indexOf(' ');
        return space > 0 ? s.substring(0, space) : s;
    }
}
