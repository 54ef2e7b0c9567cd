package dev.offheap.model;

/**
 * What a GC log says about off-heap memory: collections in all, those triggered by metadata (metaspace reaching its
 * GC threshold; "last ditch" ones when it is about to fail), those requested by System.gc() and how many of them were
 * full, and "CodeCache is full" warnings. Metaspace figures are the used bytes after the first and the last
 * metadata-triggered collection (null where the log does not print them); uptimes in seconds (null where unknown).
 *
 * @param format "unified" (JDK 9+ -Xlog:gc*) or "jdk8" (-XX:+PrintGCDetails / -verbose:gc)
 */
public record GcLogSummary(
        String format,
        long collections,
        long metadataCollections,
        long metadataFullCollections,
        long lastDitchCollections,
        long systemGcCollections,
        long systemGcFullCollections,
        long codeCacheFullWarnings,
        Long firstMetaspaceAfterBytes,
        Long lastMetaspaceAfterBytes,
        Double firstUptimeSeconds,
        Double lastUptimeSeconds) {
}
