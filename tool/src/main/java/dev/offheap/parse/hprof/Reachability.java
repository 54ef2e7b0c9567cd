package dev.offheap.parse.hprof;

import dev.offheap.model.InputException;
import java.util.HashMap;
import java.util.Map;

/**
 * Which objects are reachable from the GC roots, ignoring {@code Reference.referent}, and the shortest path that
 * holds each target. During the views pass every instance, object array and class is noted with its strong
 * references as raw ids ({@link GraphCollector}); then ids become dense ranks through a bitmap over the id range
 * with a rank directory (ids are aligned addresses in HotSpot dumps), the references are rewritten as ranks, and a
 * breadth-first walk marks from the roots ({@link GraphWalk}). All in compact primitive arrays, no second file pass.
 */
final class Reachability implements AutoCloseable {
    private final String source;
    private final HprofClasses classes;
    final GraphCollector collector;
    private long minId;
    private long maxId;
    private int shift;
    private long[] exist;
    private int[] rankOf;
    private int count;
    private final Map<Long, Holder> holders = new HashMap<>();

    /** The path from a GC root to a reachable target, and the thread on it (null when none). */
    record Holder(String path, String thread) {
    }

    Reachability(String source, HprofClasses classes) {
        this.source = source;
        this.classes = classes;
        this.collector = new GraphCollector(classes);
    }

    Map<Long, Holder> holders() {
        return holders;
    }

    /** Indexes the graph, walks it, and finds the holders of {@code targets}. */
    void compute(long[] targets, Map<Long, String> threadNames) {
        long t0 = System.nanoTime();
        LongChunks raw = collector.edges;
        buildRanks(raw);
        try (IntChunks offsets = new IntChunks()) {
            offsets.ensureSize(count);
            for (long p = 0, n = raw.size(); p < n; p += 3 + raw.get(p + 2)) {
                offsets.set(rank(raw.get(p)), (int) p);
            }
            long t1 = System.nanoTime();
            try (GraphWalk g = new GraphWalk(this, raw, offsets, classes)) {
                g.markFrom(collector.roots, threadNames);
                for (long t : targets) {
                    if (g.reached(t)) {
                        holders.put(t, g.holder(rank(t)));
                    }
                }
            }
            if (Boolean.getBoolean("offheap.timing")) {
                System.err.printf("index %d ms, graph walk %d ms, %d objects, %d words%n",
                        (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000, count, raw.size());
            }
        }
    }

    @Override
    public void close() {
        collector.release();
    }

    private void buildRanks(LongChunks raw) {
        minId = Long.MAX_VALUE;
        maxId = Long.MIN_VALUE;
        long bits = 0;
        long objects = 0;
        long n = raw.size();
        if (n > Integer.MAX_VALUE) {
            throw new InputException(source + ": more than 2^31 references, too many for the reachability index;"
                    + " use --no-reachability");
        }
        for (long p = 0; p < n; p += 3 + raw.get(p + 2), objects++) {
            long id = raw.get(p);
            minId = Math.min(minId, id);
            maxId = Math.max(maxId, id);
            bits |= id;
        }
        if (objects == 0) {
            minId = maxId = 0;
        }
        shift = Math.min(3, Long.numberOfTrailingZeros(bits | 8));
        long words = ((((maxId - minId) >>> shift) + 1) + 63) >>> 6;
        if (words > Integer.MAX_VALUE - 16) {
            throw new InputException(source + ": object ids span 0x" + Long.toHexString(minId) + "..0x"
                    + Long.toHexString(maxId) + ", too wide for the reachability index; use --no-reachability");
        }
        exist = new long[(int) words];
        for (long p = 0; p < n; p += 3 + raw.get(p + 2)) {
            long slot = (raw.get(p) - minId) >>> shift;
            exist[(int) (slot >>> 6)] |= 1L << slot;
        }
        rankOf = new int[(int) words];
        int r = 0;
        for (int w = 0; w < exist.length; w++) {
            rankOf[w] = r;
            r += Long.bitCount(exist[w]);
        }
        count = r;
    }

    /** The slot of an id in the bitmaps, or -1 when the id cannot be an object (out of range, misaligned). */
    long slot(long id) {
        long d = id - minId;
        if (d < 0 || id > maxId || (d & ((1L << shift) - 1)) != 0) {
            return -1;
        }
        return d >>> shift;
    }

    int count() {
        return count;
    }

    /** The dense rank of an object id, or -1 when the id is no object of the dump (null, a primitive array). */
    int rank(long id) {
        long slot = slot(id);
        if (slot < 0) {
            return -1;
        }
        return rankOfSlot(slot);
    }

    /** The rank of a slot that holds an object, else -1. */
    int rankOfSlot(long slot) {
        int w = (int) (slot >>> 6);
        long word = exist[w];
        long bit = 1L << slot;
        if ((word & bit) == 0) {
            return -1;
        }
        return rankOf[w] + Long.bitCount(word & (bit - 1));
    }
}
