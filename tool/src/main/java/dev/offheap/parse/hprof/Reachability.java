package dev.offheap.parse.hprof;

import dev.offheap.model.InputException;
import java.util.HashMap;
import java.util.Map;

/**
 * Which objects are reachable from the GC roots, ignoring {@code Reference.referent}, and the shortest path that
 * holds each target. Beside the views pass, a pass of its own ({@link GraphScan}) notes every instance, object
 * array and class with its strong references ({@link GraphCollector}); then ids become dense ranks ({@link IdRanks}), the references are rewritten
 * in place as the positions of their targets (a compact graph: per object its class code, count and targets), and a
 * breadth-first walk marks from the roots ({@link GraphWalk}). All in compact primitive arrays, no second file pass;
 * placing and rewriting run on all processors (parts of the objects in file order).
 */
final class Reachability implements AutoCloseable {
    /** References looked up together (see {@link #toPositions}). */
    private static final int BATCH = 256;
    private final String source;
    private final GraphScan scan = new GraphScan();
    private final HprofClasses classes = scan.classes;
    private final GraphCollector collector = scan.graph;
    private final Thread scanThread;
    private volatile Throwable scanFailure;
    private volatile long scanCpuNanos;
    private IdRanks ranks;
    private final Map<Long, Holder> holders = new HashMap<>();

    /** The path from a GC root to a reachable target, and the thread on it (null when none). */
    record Holder(String path, String thread) {
    }

    /** Starts noting the graph of {@code file} in a thread of its own, beside the caller's views pass. */
    Reachability(HprofFile file) {
        this.source = file.source();
        scanThread = new Thread(() -> {
            try {
                scan.run(file);
            } catch (RuntimeException | Error e) {
                scanFailure = e;
            }
            scanCpuNanos = cpuNanos();
        }, "offheap-graph-scan");
        scanThread.setDaemon(true);
        scanThread.start();
    }

    /** Waits for the graph pass, and passes on how it failed. */
    private void awaitScan() {
        boolean interrupted = false;
        while (scanThread.isAlive()) {
            try {
                scanThread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (scanFailure instanceof RuntimeException e) {
            throw e;
        } else if (scanFailure instanceof Error e) {
            throw e;
        }
    }

    Map<Long, Holder> holders() {
        return holders;
    }

    /** Indexes the graph, walks it, and finds the holders of {@code targets}. */
    void compute(long[] targets, Map<Long, String> threadNames) {
        long tw = cpuNanos();
        long waitStart = System.nanoTime();
        awaitScan();
        long waited = System.nanoTime() - waitStart;
        long indexStart = System.nanoTime();
        long t0 = cpuNanos();
        IntChunks graph = collector.refs;
        if (graph.size() > Integer.MAX_VALUE) {
            throw new InputException(source + ": more than 2^31 references, too many for the reachability index;"
                    + " use --no-reachability");
        }
        ranks = new IdRanks(collector.ids, collector.minId, collector.maxId, collector.idBits, source);
        try (IntChunks positions = new IntChunks()) {
            index(positions, t0);
            collector.ids.close();
            collector.starts.close();
            long t1 = cpuNanos();
            if (Boolean.getBoolean("offheap.timing")) {
                System.err.printf("wall: waited for the graph pass %d ms, index %d ms%n", waited / 1_000_000,
                        (System.nanoTime() - indexStart) / 1_000_000);
            }
            try (GraphWalk g = new GraphWalk(ranks, positions, graph, classes)) {
                g.markFrom(collector.roots, threadNames);
                long t2 = cpuNanos();
                g.findHolders(targets, holders);
                if (Boolean.getBoolean("offheap.timing")) {
                    System.err.printf("cpu: views pass %d ms, graph pass %d ms (own thread), index %d ms, walk %d ms,"
                            + " holders %d ms, %d objects, %d ints%n", tw / 1_000_000, scanCpuNanos / 1_000_000,
                            (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (cpuNanos() - t2) / 1_000_000, ranks.count(),
                            graph.size());
                }
            }
        }
    }

    /** Notes where each object's entry starts, by rank, then rewrites the references as positions; all processors. */
    private void index(IntChunks positions, long t0) {
        LongChunks ids = collector.ids;
        IntChunks starts = collector.starts;
        positions.ensureSize(ranks.count());
        long ta = cpuNanos();
        Parallel.forRange(ids.size(), (from, to) -> {
            for (long k = from; k < to; k++) {
                positions.set(ranks.rank(ids.get(k)), starts.get(k));
            }
        });
        long tb = cpuNanos();
        Parallel.forRange(ids.size(), (from, to) -> toPositions(from, to, positions));
        if (Boolean.getBoolean("offheap.timing")) {
            System.err.printf("ranks %d ms, positions %d ms, rewrite %d ms (this thread's cpu)%n",
                    (ta - t0) / 1_000_000, (tb - ta) / 1_000_000, (cpuNanos() - tb) / 1_000_000);
        }
    }

    /**
     * Rewrites the references of each object as the graph positions of their targets, in place (the result is
     * never longer, and each entry keeps its start), leaving out ids that are no object of the graph. Works in
     * batches, each look-up step over a whole batch, so the processor has many independent cache misses in flight
     * instead of one or two at a time. Works on the objects {@code from..to-1} (file order), so parts may run at
     * once.
     */
    private void toPositions(long from, long to, IntChunks positions) {
        LongChunks ids = collector.ids;
        IntChunks graph = collector.refs;
        long[] targets = new long[BATCH];
        int[] nodes = new int[BATCH];
        long[] starts = new long[BATCH];
        long read = from < to ? collector.starts.get(from) & 0xFFFF_FFFFL : 0;
        for (long k = from, n = to; k < n; ) {
            int m = 0;
            int objects = 0;
            while (k < n && objects < BATCH) {
                int count = graph.get(read + 1);
                if (m + count > BATCH) {
                    if (objects == 0) {
                        read = rewriteOne(ids.get(k++), read, graph, positions);
                    }
                    break;
                }
                long self = ids.get(k++);
                starts[objects++] = read;
                read += 2;
                for (int j = 0; j < count; j++) {
                    int v = graph.get(read++);
                    if (v == GraphCollector.FAR) {
                        targets[m++] = ((long) graph.get(read) << 32) | (graph.get(read + 1) & 0xFFFF_FFFFL);
                        read += 2;
                    } else {
                        targets[m++] = self + ((long) v << 3);
                    }
                }
            }
            for (int i = 0; i < m; i++) {
                nodes[i] = ranks.rank(targets[i]);
            }
            for (int i = 0; i < m; i++) {
                int r = nodes[i];
                nodes[i] = r < 0 ? -1 : positions.get(r);
            }
            writeBack(starts, objects, nodes, graph);
        }
    }

    /** Writes the nodes looked up for a batch of entries back to them, leaving out the -1s. */
    private static void writeBack(long[] starts, int objects, int[] nodes, IntChunks graph) {
        int i = 0;
        for (int o = 0; o < objects; o++) {
            long at = starts[o];
            int count = graph.get(at + 1);
            long write = at + 2;
            for (int j = 0; j < count; j++) {
                int node = nodes[i++];
                if (node >= 0) {
                    graph.set(write++, node);
                }
            }
            graph.set(at + 1, (int) (write - at - 2));
        }
    }

    /** Rewrites one entry too large for a batch; gives where the next entry starts. */
    private long rewriteOne(long self, long at, IntChunks graph, IntChunks positions) {
        int count = graph.get(at + 1);
        long read = at + 2;
        long write = at + 2;
        for (int j = 0; j < count; j++) {
            int v = graph.get(read++);
            long target;
            if (v == GraphCollector.FAR) {
                target = ((long) graph.get(read) << 32) | (graph.get(read + 1) & 0xFFFF_FFFFL);
                read += 2;
            } else {
                target = self + ((long) v << 3);
            }
            int t = ranks.rank(target);
            if (t >= 0) {
                graph.set(write++, positions.get(t));
            }
        }
        graph.set(at + 1, (int) (write - at - 2));
        return read;
    }

    /** Waits for the graph pass before its memory is freed (when the views pass failed, its error matters). */
    private void awaitScanQuietly() {
        try {
            awaitScan();
        } catch (RuntimeException | Error e) {
            // the caller is failing already or has seen this failure in compute
        }
    }

    /** This thread's CPU time: the phases are timed with -Doffheap.timing=true on a machine that may be busy. */
    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    @Override
    public void close() {
        awaitScanQuietly();
        collector.release();
        NativeMemory.trim();
    }
}
