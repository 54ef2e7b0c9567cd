package dev.offheap.model;

import java.util.Map;
import java.util.OptionalLong;

/**
 * HotSpot performance counters by name (e.g. {@code sun.cls.loadedClasses}, {@code java.threads.live}), from
 * {@code jcmd PerfCounter.print} or the hsperfdata file. Values are kept as text; numbers are read on demand.
 */
public record PerfCounters(Map<String, String> values) {
    public PerfCounters {
        values = Map.copyOf(values);
    }

    public OptionalLong number(String name) {
        String v = values.get(name);
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public String text(String name) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        v = v.trim();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
