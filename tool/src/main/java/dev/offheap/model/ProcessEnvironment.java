package dev.offheap.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The environment a process was started with ({@code /proc/PID/environ}), in file order. */
public record ProcessEnvironment(Map<String, String> variables) {
    public static final String MALLOC_ARENA_MAX = "MALLOC_ARENA_MAX";
    public static final String MALLOC_CONF = "MALLOC_CONF";
    public static final String LD_PRELOAD = "LD_PRELOAD";
    public static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";
    public static final String JDK_JAVA_OPTIONS = "JDK_JAVA_OPTIONS";
    public static final String UNDERSCORE_JAVA_OPTIONS = "_JAVA_OPTIONS";

    public ProcessEnvironment {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    public Optional<String> mallocArenaMax() {
        return get(MALLOC_ARENA_MAX);
    }

    /** MALLOC_ARENA_MAX as a number; empty when unset or not a number (glibc then ignores it). */
    public OptionalInt mallocArenaMaxValue() {
        String v = variables.get(MALLOC_ARENA_MAX);
        try {
            return v == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** jemalloc's options (its profiling switches {@code prof:true,…} among them). */
    public Optional<String> mallocConf() {
        return get(MALLOC_CONF);
    }

    public Optional<String> ldPreload() {
        return get(LD_PRELOAD);
    }

    public Optional<String> javaToolOptions() {
        return get(JAVA_TOOL_OPTIONS);
    }

    public Optional<String> jdkJavaOptions() {
        return get(JDK_JAVA_OPTIONS);
    }

    public Optional<String> underscoreJavaOptions() {
        return get(UNDERSCORE_JAVA_OPTIONS);
    }
}
