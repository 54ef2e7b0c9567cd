package dev.offheap.parse.hprof;

/** The HPROF file header: {@code "JAVA PROFILE 1.0.2\0"}, the id size (4 or 8), the dump time. */
public record HprofHeader(String version, int idSize, long timestampMillis, long headerBytes) {
}
