package dev.offheap.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** HotSpot flags by name, from {@code jcmd PID VM.flags} or {@code VM.flags -all}, with typed getters. */
public record JvmFlags(Map<String, JvmFlag> flags) {
    /** The flags that matter for native memory: the report shows them and {@code watch} records them. */
    public static final List<String> NATIVE_MEMORY = List.of("MaxHeapSize", "InitialHeapSize", "MaxMetaspaceSize",
            "CompressedClassSpaceSize", "MaxDirectMemorySize", "ReservedCodeCacheSize", "ThreadStackSize",
            "DisableExplicitGC", "ExplicitGCInvokesConcurrent", "AlwaysPreTouch", "NativeMemoryTracking",
            "MaxRAMPercentage", "UseContainerSupport", "TrimNativeHeapInterval");

    public JvmFlags {
        flags = Collections.unmodifiableMap(new LinkedHashMap<>(flags));
    }

    public Optional<JvmFlag> flag(String name) {
        return Optional.ofNullable(flags.get(name));
    }

    public Optional<String> value(String name) {
        return flag(name).map(JvmFlag::value);
    }

    /** Where the value came from ({@code command line}, {@code ergonomic}, {@code default}, …), where printed. */
    public Optional<String> origin(String name) {
        return flag(name).map(JvmFlag::origin);
    }

    /**
     * An integer flag. Unsigned values above {@code Long.MAX_VALUE} (HotSpot prints {@code 18446744073709551615}
     * for "no limit", e.g. MaxMetaspaceSize) read as {@code Long.MAX_VALUE}.
     */
    public OptionalLong longValue(String name) {
        String v = flags.containsKey(name) ? flags.get(name).value() : null;
        return v == null ? OptionalLong.empty() : parseLong(v.trim());
    }

    /** A size flag in bytes; also reads command-line style suffixes ({@code 64m}, {@code 1g}, {@code 512k}). */
    public OptionalLong bytes(String name) {
        String v = flags.containsKey(name) ? flags.get(name).value() : null;
        if (v == null || v.isBlank()) {
            return OptionalLong.empty();
        }
        v = v.trim().toLowerCase(Locale.ROOT);
        long unit = switch (v.charAt(v.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        OptionalLong n = parseLong(unit == 1 ? v : v.substring(0, v.length() - 1));
        return n.isEmpty() ? n : OptionalLong.of(Math.multiplyHigh(n.getAsLong(), unit) != 0
                ? Long.MAX_VALUE : n.getAsLong() * unit);
    }

    public Optional<Boolean> bool(String name) {
        String v = flags.containsKey(name) ? flags.get(name).value() : null;
        if ("true".equals(v)) {
            return Optional.of(true);
        }
        return "false".equals(v) ? Optional.of(false) : Optional.empty();
    }

    private static OptionalLong parseLong(String v) {
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            try {
                Long.parseUnsignedLong(v);
                return OptionalLong.of(Long.MAX_VALUE);
            } catch (NumberFormatException notUnsigned) {
                return OptionalLong.empty();
            }
        }
    }
}
