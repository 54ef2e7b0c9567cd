package dev.offheap.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The class list of {@code VM.class_hierarchy} (a safepoint operation) reduced to name prefixes: generated classes
 * grouped by what their names share ({@code com.acme.RuleEngine$$Lambda}, {@code java.lang.invoke.LambdaForm$MH},
 * {@code jdk.proxy*.$Proxy*}, {@code jdk.internal.reflect.GeneratedMethodAccessor*}).
 *
 * @param classes        classes listed (every loaded class, hidden ones included)
 * @param hiddenClasses  those with a hidden-class suffix ({@code /0x…}) in their name
 * @param prefixes       prefix → classes with it, most first, only prefixes shared by at least two classes, at most
 *                       {@link #MAX_PREFIXES}
 */
public record ClassNames(long classes, long hiddenClasses, Map<String, Long> prefixes) {
    public static final int MAX_PREFIXES = 40;

    public ClassNames {
        prefixes = Collections.unmodifiableMap(new LinkedHashMap<>(prefixes));
    }

    public long count(String prefix) {
        return prefixes.getOrDefault(prefix, 0L);
    }
}
