package dev.offheap.parse.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.analyze.heap.HeapViews;
import dev.offheap.model.heap.DirectBufferSummary;
import dev.offheap.testing.SyntheticHeap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reachability on dumps large enough that the graph is written from parts of the file and a wide level is walked in
 * parts, on all processors: the holder path of a deep buffer keeps its last 64 steps, and of two equally short
 * paths the one the walk queues first wins, as when one thread walks.
 */
class ReachabilityInPartsTest {
    private static final int CHAIN = 200_000;

    @TempDir
    Path dir;

    @Test
    void findsTheHolderAtTheEndOfAChainThatSpansAllParts() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SyntheticHeap h = new SyntheticHeap(out, 8, false)) {
            long kept = h.directBuffer(1024);
            h.directBuffer(2048);
            long chain = h.objectArray(kept);
            for (int i = 1; i < CHAIN; i++) {
                chain = h.objectArray(chain, h.objectArray());
            }
            h.w.root(0x01, chain, 0);
            h.rootCleaners();
        }
        Path p = dir.resolve("parts.hprof");
        Files.write(p, out.toByteArray());
        DirectBufferSummary b = HeapViews.summarize(HeapDumpScanner.scan(p, new HeapDumpScanner.Options(true, dir))
                .value()).directBuffers();
        assertThat(b.reachableOwning()).isEqualTo(1);
        assertThat(b.unreachableCapacityBytes()).isEqualTo(2048);
        assertThat(b.holders()).singleElement().satisfies(holder -> assertThat(holder.path())
                .isEqualTo("java.lang.Object[] (jni global) -> java.lang.Object[] (x" + (CHAIN - 1) + ")"));
    }

    @Test
    void ofTwoEquallyShortPathsInAWideLevelTheOneQueuedFirstWins() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SyntheticHeap h = new SyntheticHeap(out, 8, false)) {
            SyntheticHeap.Cls early = h.define("com.example.Early", h.object, 0, "ref:O");
            SyntheticHeap.Cls late = h.define("com.example.Late", h.object, 0, "ref:O");
            long buffer = h.directBuffer(4096);
            long[] wide = new long[100_000];
            for (int i = 0; i < wide.length; i++) {
                wide[i] = h.objectArray();
            }
            wide[90_000] = h.instance(late, "ref", h.objectArray(buffer));
            wide[10] = h.instance(early, "ref", h.objectArray(buffer));
            h.w.root(0x01, h.objectArray(wide), 0);
            h.rootCleaners();
        }
        Path p = dir.resolve("wide.hprof");
        Files.write(p, out.toByteArray());
        DirectBufferSummary b = HeapViews.summarize(HeapDumpScanner.scan(p, new HeapDumpScanner.Options(true, dir))
                .value()).directBuffers();
        assertThat(b.holders()).singleElement().satisfies(holder -> assertThat(holder.path())
                .isEqualTo("java.lang.Object[] (jni global) -> com.example.Early -> java.lang.Object[]"));
    }
}
