package dev.offheap.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The memory controller of a process's cgroup. v1: {@code memory.limit_in_bytes}, {@code memory.usage_in_bytes},
 * {@code memory.max_usage_in_bytes}, {@code memory.memsw.limit_in_bytes}, {@code memory.kmem.usage_in_bytes},
 * {@code memory.stat}; v2: {@code memory.max}, {@code memory.current}, {@code memory.peak}, {@code memory.swap.max},
 * {@code memory.stat}. A limit is empty when there is none ("max", or v1's near-{@code Long.MAX_VALUE} sentinel).
 * {@code stat} holds memory.stat as printed (v1 and v2 values are bytes, except counters such as pgfault).
 */
public record CgroupMemory(
        int version,
        String path,
        OptionalLong limitBytes,
        OptionalLong usageBytes,
        OptionalLong peakBytes,
        OptionalLong swapLimitBytes,
        OptionalLong kernelUsageBytes,
        Map<String, Long> stat) {

    public CgroupMemory {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("cgroup version must be 1 or 2: " + version);
        }
        stat = Collections.unmodifiableMap(new LinkedHashMap<>(stat));
    }

    /** Anonymous memory charged to the group (v2 {@code anon}, v1 {@code total_rss}). */
    public OptionalLong anonBytes() {
        return stat(version == 2 ? "anon" : "total_rss", "rss");
    }

    /** Page cache charged to the group (v2 {@code file}, v1 {@code total_cache}). */
    public OptionalLong fileBytes() {
        return stat(version == 2 ? "file" : "total_cache", "cache");
    }

    public OptionalLong shmemBytes() {
        return stat(version == 2 ? "shmem" : "total_shmem", "shmem");
    }

    /** Swapped-out memory of the group (v1 {@code total_swap}; v2 has no such stat line, see memory.swap.current). */
    public OptionalLong swapBytes() {
        return version == 2 ? OptionalLong.empty() : stat("total_swap", "swap");
    }

    /** Kernel memory: v2 {@code kernel} (5.18+) or the sum of its parts; v1 {@code memory.kmem.usage_in_bytes}. */
    public OptionalLong kernelBytes() {
        if (version == 1) {
            return kernelUsageBytes;
        }
        Long kernel = stat.get("kernel");
        if (kernel != null) {
            return OptionalLong.of(kernel);
        }
        if (!stat.containsKey("kernel_stack")) {
            return OptionalLong.empty();
        }
        long sum = 0;
        for (String part : new String[] {"kernel_stack", "pagetables", "percpu", "sock", "vmalloc", "slab"}) {
            sum += stat.getOrDefault(part, 0L);
        }
        return OptionalLong.of(sum);
    }

    public OptionalLong inactiveFileBytes() {
        return stat(version == 2 ? "inactive_file" : "total_inactive_file", "inactive_file");
    }

    /** Usage minus inactive page cache: what the kubelet and the OOM decision look at. */
    public OptionalLong workingSetBytes() {
        OptionalLong inactive = inactiveFileBytes();
        if (usageBytes.isEmpty() || inactive.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, usageBytes.getAsLong() - inactive.getAsLong()));
    }

    private OptionalLong stat(String name, String fallback) {
        Long v = stat.get(name);
        if (v == null) {
            v = stat.get(fallback);
        }
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
