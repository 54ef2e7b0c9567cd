package dev.offheap.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code VM.classloader_stats} and {@code GC.class_histogram} (both safepoint operations, read only on request)
 * say about class loading, reduced to what the class-loading rules need.
 *
 * @param loadersByType        loader class name → number of live loaders of that type (VM.classloader_stats)
 * @param classesByLoaderType  loader class name → classes those loaders define
 * @param duplicateClasses     class name → number of distinct classes with that name (histogram lines), only
 *                             names that occur more than once, largest first, at most 50
 * @param generatedAccessors   reflection accessor classes ({@code GeneratedMethodAccessor123} and the like)
 * @param nioBufferCaches      instances of {@code sun.nio.ch.Util$BufferCache}: threads with a temporary buffer cache
 */
public record ClassStats(Map<String, Long> loadersByType, Map<String, Long> classesByLoaderType,
                         Map<String, Long> duplicateClasses, long generatedAccessors, long nioBufferCaches) {
    public ClassStats {
        loadersByType = Map.copyOf(loadersByType);
        classesByLoaderType = Map.copyOf(classesByLoaderType);
        duplicateClasses = Collections.unmodifiableMap(new LinkedHashMap<>(duplicateClasses));
    }

    public long loaders(String type) {
        return loadersByType.getOrDefault(type, 0L);
    }
}
