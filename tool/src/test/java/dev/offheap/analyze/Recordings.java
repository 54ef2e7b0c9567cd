package dev.offheap.analyze;

import dev.offheap.model.ClassStats;
import dev.offheap.model.JvmVersion;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Recordings built in code for rule tests: one sample per second, values given per sample index. */
public final class Recordings {
    public static final long MIB = 1L << 20;

    private Recordings() {
    }

    /** A sample at second {@code i} with RSS and the given resident, committed and NMT maps. */
    public static Sample sample(int i, long rss, Map<String, Long> resident, Map<String, Long> committed,
                                Map<String, Long> nmt, Long directBytes, Long threads, Long classes, ClassStats stats) {
        return new Sample(1_700_000_000_000L + i * 1000L, rss, resident, committed, nmt, classes, classes == null ? null : 0L,
                threads, threads, directBytes == null ? null : directBytes / MIB, directBytes, 8 * MIB, 240 * MIB, true, stats);
    }

    public static List<Sample> samples(int n, IntFunction<Sample> at) {
        List<Sample> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(at.apply(i));
        }
        return list;
    }

    public static Recording recording(String version, String nmt, Map<String, String> flags, List<Sample> samples) {
        Map<String, String> f = new HashMap<>(Map.of("MaxHeapSize", Long.toString(256 * MIB), "MaxDirectMemorySize", "0",
                "UseG1GC", "true"));
        f.putAll(flags);
        return new Recording(4242, JvmVersion.parse(version), f, List.of(), nmt, null, null, List.of(), samples, List.of(),
                List.of());
    }

    public static Map<String, Long> map(Object... kv) {
        Map<String, Long> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
        }
        return m;
    }
}
