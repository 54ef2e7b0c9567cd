package dev.offheap.parse.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.analyze.heap.HeapViews;
import dev.offheap.model.heap.DirectBufferSummary;
import dev.offheap.testing.SyntheticHeap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reachability when ids are not 8-aligned, through long chains (whole paths, grouped by shape), and in a dump cut
 * inside an object array that the first pass noted but the second could not read.
 */
class ReachabilityTest {
    @TempDir
    Path dir;

    private DirectBufferSummary buffers(ByteArrayOutputStream out) throws IOException {
        Path p = dir.resolve("r.hprof");
        Files.write(p, out.toByteArray());
        return HeapViews.summarize(HeapDumpScanner.scan(p, new HeapDumpScanner.Options(true, dir)).value())
                .directBuffers();
    }

    @Test
    void followsReferencesBetweenObjectsWhoseIdsAreNotEightByteAligned() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SyntheticHeap h = new SyntheticHeap(out, 8, false)) {
            long kept = h.directBuffer(1024);
            h.directBuffer(2048);
            long odd = h.newId(64) + 4;
            h.w.objectArray(odd, h.objectArray.id, new long[] {kept});
            h.w.root(0x01, h.objectArray(odd), 0);
            h.rootCleaners();
        }
        DirectBufferSummary b = buffers(out);
        assertThat(b.reachableOwning()).isEqualTo(1);
        assertThat(b.unreachableCapacityBytes()).isEqualTo(2048);
        assertThat(b.holders()).singleElement().satisfies(holder -> assertThat(holder.path())
                .isEqualTo("java.lang.Object[] (jni global) -> java.lang.Object[]"));
    }

    @Test
    void shortestPathWinsOverALongerChainAndRepeatsAreFolded() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SyntheticHeap h = new SyntheticHeap(out, 8, false)) {
            long buffer = h.directBuffer(4096);
            long chain = h.objectArray(buffer);
            for (int i = 0; i < 10; i++) {
                chain = h.objectArray(chain);
            }
            h.w.root(0x01, chain, 0);
            long holder = h.instance(h.bufferCache, "buffers", h.objectArray(buffer), "count", 1);
            h.w.root(0x01, h.objectArray(h.objectArray(h.objectArray(holder))), 0);
            h.rootCleaners();
        }
        assertThat(buffers(out).holders()).singleElement().satisfies(holder -> assertThat(holder.path())
                .isEqualTo("java.lang.Object[] (jni global) -> java.lang.Object[] (x2) -> sun.nio.ch.Util$BufferCache"
                        + " -> java.lang.Object[]"));
    }

    @Test
    void pathsOfLongChainsStartAtTheirRootAndChainsOfOtherLengthsGroupAsARange() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SyntheticHeap h = new SyntheticHeap(out, 8, false)) {
            for (int links : new int[] {70, 100}) {
                long chain = h.objectArray(h.directBuffer(1024));
                for (int i = 1; i < links; i++) {
                    chain = h.objectArray(chain);
                }
                h.w.root(0x01, chain, 0);
            }
            h.rootCleaners();
        }
        DirectBufferSummary b = buffers(out);
        assertThat(b.reachableOwning()).isEqualTo(2);
        assertThat(b.holders()).singleElement().satisfies(holder -> {
            assertThat(holder.path()).isEqualTo("java.lang.Object[] (jni global) -> java.lang.Object[] (x69-99)");
            assertThat(holder.buffers()).isEqualTo(2);
            assertThat(holder.capacityBytes()).isEqualTo(2048);
        });
    }

    @Test
    void walksADumpCutInsideAnObjectArrayThatARootHolds() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SyntheticHeap h = new SyntheticHeap(out, 8, false)) {
            long kept = h.directBuffer(1024);
            h.directBuffer(2048);
            h.w.root(0x01, h.objectArray(kept), 0);
            long cut = h.newId(16 + 8 * 1000);
            h.w.root(0x01, cut, 0);
            h.rootCleaners();
            long[] elements = new long[1000];
            Arrays.fill(elements, kept);
            h.w.objectArray(cut, h.objectArray.id, elements);
        }
        byte[] full = out.toByteArray();
        Path p = dir.resolve("cut.hprof");
        Files.write(p, Arrays.copyOf(full, full.length - 4000));
        var facts = HeapDumpScanner.scan(p, new HeapDumpScanner.Options(true, dir)).value();
        assertThat(facts.partial()).isTrue();
        DirectBufferSummary b = HeapViews.summarize(facts).directBuffers();
        assertThat(b.reachableOwning()).isEqualTo(1);
        assertThat(b.unreachableCapacityBytes()).isEqualTo(2048);
        assertThat(b.holders()).singleElement().satisfies(holder -> assertThat(holder.path())
                .isEqualTo("java.lang.Object[] (jni global)"));
    }
}
