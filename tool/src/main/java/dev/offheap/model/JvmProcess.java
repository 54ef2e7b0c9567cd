package dev.offheap.model;

/**
 * A local JVM as {@code offheap ps} lists it; any field but {@code pid} may be null where it could not be read.
 * {@code nmt} is "off", "summary" or "detail" as its options say; {@code attach} is "yes", "listening" (the attach
 * listener already runs), or "no: why".
 */
public record JvmProcess(long pid, String user, String mainClass, String jdkVersion, Long rssBytes, String nmt,
                         String attach) {
}
