package dev.offheap.model;

import java.util.List;
import java.util.Optional;

/** The target's NIO buffer pools at one moment, and how they were read (e.g. "agent", "recorded"). */
public record BufferPools(long takenAtMillis, List<BufferPool> pools, String source) {
    public BufferPools {
        pools = List.copyOf(pools);
    }

    public Optional<BufferPool> pool(String name) {
        return pools.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<BufferPool> direct() {
        return pool(BufferPool.DIRECT);
    }

    public Optional<BufferPool> mapped() {
        return pool(BufferPool.MAPPED);
    }
}
