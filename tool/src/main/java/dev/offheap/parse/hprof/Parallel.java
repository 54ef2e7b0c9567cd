package dev.offheap.parse.hprof;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a task once per processor (at most {@link #MAX_PARTS}), the first in the calling thread and the others in
 * helper threads; used by reachability to write the graph from parts of the file on all processors.
 */
final class Parallel {
    private static final int MAX_PARTS = 4;

    private Parallel() {
    }

    static int parts() {
        return Math.max(1, Math.min(MAX_PARTS, Runtime.getRuntime().availableProcessors()));
    }

    /** Runs {@code task(0)} .. {@code task(parts-1)} at once, part 0 in the calling thread; returns when all are done. */
    static void forParts(int parts, java.util.function.IntConsumer task) {
        List<Thread> threads = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int p = 1; p < parts; p++) {
            int part = p;
            Thread t = new Thread(() -> task.accept(part), "offheap-reachability-" + p);
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((thread, e) -> {
                synchronized (failure) {
                    failure[0] = e;
                }
            });
            t.start();
            threads.add(t);
        }
        try {
            task.accept(0);
        } finally {
            joinAll(threads);
        }
        synchronized (failure) {
            if (failure[0] instanceof RuntimeException e) {
                throw e;
            } else if (failure[0] instanceof Error e) {
                throw e;
            }
        }
    }

    /** Waits for all threads even when interrupted (they use memory that the caller frees after). */
    private static void joinAll(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
