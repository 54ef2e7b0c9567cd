package dev.offheap.model.heap;

/** Reachable owning direct buffers grouped by the path that holds them, e.g. a thread's NIO buffer cache. */
public record BufferHolder(String path, String thread, long buffers, long capacityBytes) {
}
