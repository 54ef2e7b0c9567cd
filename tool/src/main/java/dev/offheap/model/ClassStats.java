package dev.offheap.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code VM.classloader_stats}, {@code VM.class_hierarchy} and {@code GC.class_histogram} (safepoint operations,
 * read only once classes grow or on request) say about class loading, reduced to what the class-loading rules need.
 *
 * @param loadersByType        loader class name → number of live loaders of that type (VM.classloader_stats)
 * @param classesByLoaderType  loader class name → classes those loaders define
 * @param duplicateClasses     class name → number of distinct classes with that name (histogram lines), only
 *                             names that occur more than once, largest first, at most 50
 * @param generatedAccessors   reflection accessor classes ({@code GeneratedMethodAccessor123} and the like)
 * @param nioBufferCaches      instances of {@code sun.nio.ch.Util$BufferCache}: threads with a temporary buffer cache
 * @param hiddenByLoaderType   loader class name → hidden classes with a class loader data of their own (not strongly
 *                             bound: LambdaForms, most frameworks' hidden classes) defined into loaders of that type,
 *                             the "+ hidden classes" rows (JDK 8/11: "+ unsafe anonymous classes")
 * @param names                the class names' prefixes (VM.class_hierarchy), null when not read
 */
public record ClassStats(Map<String, Long> loadersByType, Map<String, Long> classesByLoaderType,
                         Map<String, Long> duplicateClasses, long generatedAccessors, long nioBufferCaches,
                         Map<String, Long> hiddenByLoaderType, ClassNames names) {
    public ClassStats {
        loadersByType = Map.copyOf(loadersByType);
        classesByLoaderType = Map.copyOf(classesByLoaderType);
        duplicateClasses = Collections.unmodifiableMap(new LinkedHashMap<>(duplicateClasses));
        hiddenByLoaderType = Map.copyOf(hiddenByLoaderType);
    }

    /** Statistics without hidden-class rows or names (recordings written before they were read). */
    public ClassStats(Map<String, Long> loadersByType, Map<String, Long> classesByLoaderType,
                      Map<String, Long> duplicateClasses, long generatedAccessors, long nioBufferCaches) {
        this(loadersByType, classesByLoaderType, duplicateClasses, generatedAccessors, nioBufferCaches, Map.of(), null);
    }

    public long loaders(String type) {
        return loadersByType.getOrDefault(type, 0L);
    }

    public long hidden(String type) {
        return hiddenByLoaderType.getOrDefault(type, 0L);
    }

    /** All live loaders (each row of VM.classloader_stats is one loader object). */
    public long loaders() {
        return loadersByType.values().stream().mapToLong(Long::longValue).sum();
    }

    /** All hidden classes with a class loader data of their own. */
    public long hiddenClasses() {
        return hiddenByLoaderType.values().stream().mapToLong(Long::longValue).sum();
    }

    public ClassStats withNames(ClassNames n) {
        return new ClassStats(loadersByType, classesByLoaderType, duplicateClasses, generatedAccessors, nioBufferCaches,
                hiddenByLoaderType, n);
    }
}
