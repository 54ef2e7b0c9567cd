package dev.offheap.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * All mappings of a process, sorted by (unsigned) start address, from {@code /proc/PID/smaps}, {@code maps} or
 * {@code pmap}.
 *
 * @param cutAtByte where a saved copy ends when it was cut short (its size in bytes): the mappings after it are
 *                  missing, so sums over the map are partial; empty for a whole map
 */
public record MemoryMap(List<Mapping> mappings, OptionalLong cutAtByte) {
    private static final Comparator<Mapping> BY_ADDRESS = (a, b) -> Long.compareUnsigned(a.startAddress(), b.startAddress());

    public MemoryMap {
        List<Mapping> sorted = new ArrayList<>(mappings);
        sorted.sort(BY_ADDRESS);
        mappings = List.copyOf(sorted);
        cutAtByte = cutAtByte == null ? OptionalLong.empty() : cutAtByte;
    }

    /** A whole map. */
    public MemoryMap(List<Mapping> mappings) {
        this(mappings, OptionalLong.empty());
    }

    /** Whether the copy this map was read from was cut short (see {@link #cutAtByte}). */
    public boolean partial() {
        return cutAtByte.isPresent();
    }

    /** The mapping that contains {@code address}, by binary search. */
    public Optional<Mapping> find(long address) {
        int lo = 0;
        int hi = mappings.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Mapping m = mappings.get(mid);
            if (Long.compareUnsigned(address, m.startAddress()) < 0) {
                hi = mid - 1;
            } else if (Long.compareUnsigned(address, m.endAddress()) >= 0) {
                lo = mid + 1;
            } else {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Whether the counters (Rss, Pss, …) are known: the source was smaps, not maps. */
    public boolean hasCounters() {
        return !mappings.isEmpty() && mappings.stream().allMatch(Mapping::hasCounters);
    }

    public long sizeBytes() {
        long sum = 0;
        for (Mapping m : mappings) {
            sum += m.sizeBytes();
        }
        return sum;
    }

    public OptionalLong rssBytes() {
        return total(Mapping::rssBytes);
    }

    public OptionalLong pssBytes() {
        return total(Mapping::pssBytes);
    }

    public OptionalLong anonymousBytes() {
        return total(Mapping::anonymousBytes);
    }

    public OptionalLong swapBytes() {
        return total(Mapping::swapBytes);
    }

    public OptionalLong privateDirtyBytes() {
        return total(Mapping::privateDirtyBytes);
    }

    /** Sum of one counter over all mappings; empty when any mapping lacks it. */
    public OptionalLong total(Function<Mapping, Long> counter) {
        if (mappings.isEmpty()) {
            return OptionalLong.empty();
        }
        long sum = 0;
        for (Mapping m : mappings) {
            Long v = counter.apply(m);
            if (v == null) {
                return OptionalLong.empty();
            }
            sum += v;
        }
        return OptionalLong.of(sum);
    }
}
