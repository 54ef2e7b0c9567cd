package dev.offheap.model;

/** One NIO buffer pool as BufferPoolMXBean reports it: "direct", "mapped", "mapped - 'non-volatile memory'". */
public record BufferPool(String name, long count, long capacityBytes, long usedBytes) {
    public static final String DIRECT = "direct";
    public static final String MAPPED = "mapped";
}
