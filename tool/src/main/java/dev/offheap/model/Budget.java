package dev.offheap.model;

import java.util.List;

/**
 * The reasonable budget of a JVM: what its limits allow it to use (heap max + metaspace max + direct memory max +
 * code cache + threads × stack size + a margin for the JVM itself and native libraries). Each part says where its
 * number came from (e.g. "-Xmx", "MaxMetaspaceSize unlimited: current committed").
 */
public record Budget(long totalBytes, List<Part> parts) {
    public Budget {
        parts = List.copyOf(parts);
    }

    /** One term of the sum. */
    public record Part(String name, long bytes, String basis) {
    }
}
