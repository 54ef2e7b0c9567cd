package dev.offheap.parse.hprof;

import dev.offheap.model.InputException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which objects are reachable from the GC roots, ignoring {@code Reference.referent}, and the shortest path that
 * holds each target. Beside the views pass, a thread of its own reads the ids of all objects ({@link GraphScan}),
 * ranks them ({@link IdRanks}), then notes each object's references as ranks ({@link GraphWriter}) over parts of
 * the file, which the caller's thread joins once its views pass is done; a breadth-first walk marks from the roots
 * ({@link GraphWalk}). All in compact native arrays, nothing rewritten.
 */
final class Reachability implements AutoCloseable {
    /** The graph's ints fit in int positions: 512 blocks of 2^22 ints. */
    private static final int MAX_BLOCKS = 512;
    private static final int PART_BUFFER_BYTES = 1 << 20;
    private final HprofFile file;
    private final GraphScan scan = new GraphScan();
    private final HprofClasses classes = scan.classes;
    private final Thread scanThread;
    private final CountDownLatch indexed = new CountDownLatch(1);
    private final AtomicInteger nextPart = new AtomicInteger();
    private volatile boolean cancelled;
    private volatile Throwable scanFailure;
    private volatile long scanCpuNanos;
    private volatile long indexedAtNanos;
    private IdRanks ranks;
    /** Per part: where it starts, the end of the heap dump segment there, where it stops. */
    private long[] parts;
    private final IntChunks graph = new IntChunks(MAX_BLOCKS);
    private final IntChunks starts = new IntChunks();
    private final Map<Long, Holder> holders = new HashMap<>();

    /** The path from a GC root to a reachable target, and the thread on it (null when none). */
    record Holder(String path, String thread) {
    }

    /** Starts reading the graph of {@code file} in a thread of its own, beside the caller's views pass. */
    Reachability(HprofFile file) {
        this.file = file;
        scanThread = new Thread(() -> {
            try {
                scan.run(file);
                index();
            } catch (RuntimeException | Error e) {
                scanFailure = e;
            } finally {
                indexedAtNanos = System.nanoTime();
                indexed.countDown();
            }
            try {
                if (scanFailure == null) {
                    Parallel.forParts(Math.max(1, Parallel.parts() - 1), p -> writeParts());
                }
            } catch (RuntimeException | Error e) {
                scanFailure = e;
            }
            scanCpuNanos = cpuNanos();
        }, "offheap-graph-scan");
        scanThread.setDaemon(true);
        scanThread.start();
    }

    /** Ranks the ids (then gives their memory back), makes room for the entry starts, and lists the parts. */
    private void index() {
        ranks = new IdRanks(scan.ids, scan.minId, scan.maxId, scan.idBits, file.size(), file.source());
        scan.release();
        starts.ensureSize(ranks.count());
        if (scan.partial) {
            starts.fillMinusOne();
        }
        LongList at = scan.partStarts;
        int n = at.size() / 2 + 1;
        parts = new long[3 * n];
        long header = file.header().headerBytes();
        for (int p = 0; p < n; p++) {
            parts[3 * p] = p == 0 ? header : at.get(2 * p - 2);
            parts[3 * p + 1] = p == 0 ? header : at.get(2 * p - 1);
            parts[3 * p + 2] = p < n - 1 ? at.get(2 * p) : file.size();
        }
    }

    /** Takes parts not taken yet and writes their graph entries, until none is left. */
    private void writeParts() {
        HprofInput in = file.input(PART_BUFFER_BYTES);
        HprofReader reader = new HprofReader(file);
        GraphWriter writer = new GraphWriter(classes, ranks, graph, starts);
        try {
            for (int p = nextPart.getAndIncrement(); p < parts.length / 3 && !cancelled; p = nextPart.getAndIncrement()) {
                reader.walkPart(in, parts[3 * p], parts[3 * p + 1], parts[3 * p + 2], writer);
            }
            writer.flush();
        } catch (GraphWriter.GraphTooLarge e) {
            cancelled = true;
            throw new InputException(file.source() + ": more than 2^31 references, too many for the reachability"
                    + " index; use --no-reachability");
        }
    }

    /** Waits for the graph thread, and passes on how it failed. */
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
        rethrowScanFailure();
    }

    private void rethrowScanFailure() {
        if (scanFailure instanceof RuntimeException e) {
            throw e;
        } else if (scanFailure instanceof Error e) {
            throw e;
        }
    }

    /** Waits until the ids are ranked (or their pass failed). */
    private void awaitIndex() {
        boolean interrupted = false;
        while (indexed.getCount() > 0) {
            try {
                indexed.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        rethrowScanFailure();
    }

    Map<Long, Holder> holders() {
        return holders;
    }

    /** Joins the writing of the graph, walks it, and finds the holders of {@code targets}. */
    void compute(long[] targets, Map<Long, String> threadNames) {
        long tw = cpuNanos();
        long start = System.nanoTime();
        awaitIndex();
        long ready = System.nanoTime();
        writeParts();
        long t1 = cpuNanos();
        awaitScan();
        long written = System.nanoTime();
        try (GraphWalk g = new GraphWalk(ranks, starts, graph, classes)) {
            g.markFrom(scan.roots, threadNames);
            long t2 = cpuNanos();
            g.findHolders(targets, holders);
            if (Boolean.getBoolean("offheap.timing")) {
                System.err.printf("wall: ids ranked %+d ms after the views pass, then %d ms writing the graph%n",
                        (indexedAtNanos - start) / 1_000_000, (written - ready) / 1_000_000);
                System.err.printf("cpu: views pass %d ms, graph thread %d ms, writing here %d ms, walk %d ms,"
                        + " holders %d ms, %d objects, %d graph ints claimed%n", tw / 1_000_000,
                        scanCpuNanos / 1_000_000, (t1 - tw) / 1_000_000, (t2 - t1) / 1_000_000,
                        (cpuNanos() - t2) / 1_000_000, ranks.count(), graph.size());
            }
        }
    }

    /** This thread's CPU time: the phases are timed with -Doffheap.timing=true on a machine that may be busy. */
    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Stops the graph thread at the next part and waits for it before the memory is freed. */
    @Override
    public void close() {
        cancelled = true;
        try {
            awaitScan();
        } catch (RuntimeException | Error e) {
            // the caller is failing already or has seen this failure in compute
        }
        scan.release();
        graph.close();
        starts.close();
        NativeMemory.trim();
    }
}
