package dev.offheap.model.heap;

/**
 * Reflection accessors generated before JDK 18: each {@code GeneratedMethodAccessor} class lives in its own
 * {@code DelegatingClassLoader}, both in Metaspace. JDK 18+ uses method handles and has none.
 */
public record ReflectionSummary(long delegatingClassLoaders, long generatedMethodAccessors) {
}
