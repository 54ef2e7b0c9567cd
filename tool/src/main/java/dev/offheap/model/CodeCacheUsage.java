package dev.offheap.model;

/**
 * The code cache as {@code jcmd PID Compiler.codecache} shows it: used and size summed over its code heaps, and
 * whether the JIT still compiles ("compilation: enabled"); {@code compilationEnabled} is null where not printed.
 */
public record CodeCacheUsage(long usedBytes, long sizeBytes, Boolean compilationEnabled) {
}
