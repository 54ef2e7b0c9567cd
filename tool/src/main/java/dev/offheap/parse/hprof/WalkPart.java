package dev.offheap.parse.hprof;

/**
 * A later part of a large level of {@link GraphWalk}, walked by a helper thread while the first part is walked as
 * usual. The helper only reads the marks (what the first part marks meanwhile may or may not be seen) and notes, in
 * order, each node it reaches first within its part, with the queue index of the holder; {@link #merge} then queues
 * those not marked by then. So the queue is the same as when one thread walks the whole level.
 */
final class WalkPart implements AutoCloseable {
    static final int BATCH = 64;
    /** The nodes this part reached in the level being walked. */
    private final long[] seen;
    private final IntChunks nodes = new IntChunks();
    private final IntChunks holders = new IntChunks();

    WalkPart(int words) {
        seen = new long[words];
    }

    /**
     * Reads, for the queue indexes {@code head..head+batch-1}, where their entries start, then their class codes
     * and counts: each step over the whole batch, so that the reads that miss the cache overlap.
     */
    static void gather(IntChunks queue, IntChunks starts, IntChunks graph, int head, int batch, long[] at,
                       int[] codes, int[] counts) {
        for (int i = 0; i < batch; i++) {
            at[i] = starts.get(queue.get(head + i));
        }
        for (int i = 0; i < batch; i++) {
            boolean entry = at[i] >= 0;
            codes[i] = entry ? graph.get(at[i]) : GraphWriter.UNKNOWN_INSTANCE;
            counts[i] = entry ? graph.get(at[i] + 1) : 0;
        }
    }

    /** Walks the queue indexes {@code from..to-1}; {@code marked} is only read. */
    void walk(IntChunks queue, IntChunks starts, IntChunks graph, int[] classNodes, long[] marked, int from, int to) {
        long[] at = new long[BATCH];
        int[] counts = new int[BATCH];
        int[] codes = new int[BATCH];
        for (int head = from; head < to; head += BATCH) {
            int batch = Math.min(BATCH, to - head);
            gather(queue, starts, graph, head, batch, at, codes, counts);
            for (int i = 0; i < batch; i++) {
                int holder = head + i;
                if (codes[i] >= 0 && classNodes[codes[i]] >= 0) {
                    reach(classNodes[codes[i]], holder, marked);
                }
                for (long k = at[i] + 2, end = k + counts[i]; k < end; k++) {
                    reach(graph.get(k), holder, marked);
                }
            }
        }
    }

    private void reach(int t, int holder, long[] marked) {
        long bit = 1L << t;
        if (((marked[t >>> 6] | seen[t >>> 6]) & bit) == 0) {
            seen[t >>> 6] |= bit;
            nodes.add(t);
            holders.add(holder);
        }
    }

    /** Queues the nodes reached here that are not marked yet, from queue index {@code tail}; gives the new end. */
    int merge(long[] marked, IntChunks queue, IntChunks parents, int tail) {
        for (long i = 0, n = nodes.size(); i < n; i++) {
            int t = nodes.get(i);
            long bit = 1L << t;
            seen[t >>> 6] &= ~bit;
            if ((marked[t >>> 6] & bit) == 0) {
                marked[t >>> 6] |= bit;
                parents.set(tail, holders.get(i));
                queue.set(tail++, t);
            }
        }
        nodes.clear();
        holders.clear();
        return tail;
    }

    @Override
    public void close() {
        nodes.close();
        holders.close();
    }
}
