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
 * Reachability on a dump large enough that placing and rewriting the graph are split over the processors; the
 * holder path of a deep buffer keeps its last 64 steps.
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
                .isEqualTo("java.lang.Object[] (x64)"));
    }
}
