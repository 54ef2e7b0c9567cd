package dev.offheap.model.heap;

/** Instances of a class known to own native memory (e.g. zstd-jni contexts, RocksDB handles). */
public record NativeOwnerCount(String className, long instances) {
}
