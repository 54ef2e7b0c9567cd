package dev.offheap.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.model.GlibcHeap;
import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArenaDetectorTest {
    private static final long HEAP = ArenaDetector.HEAP_SIZE;

    private static Mapping anon(long start, long end, String perms) {
        return Mapping.withoutCounters(start, end, perms, 0, "00:00", 0, null, false);
    }

    @Test
    void aPartlyUsedHeapIsItsRwPartFollowedByTheRestOfItsReservation() {
        long b = 0x7f00_0000_0000L;
        List<GlibcHeap> heaps = ArenaDetector.candidates(new MemoryMap(List.of(
                anon(b, b + (132 << 10), "rw-p"), anon(b + (132 << 10), b + HEAP, "---p"))));
        assertThat(heaps).extracting(GlibcHeap::start, GlibcHeap::usableEnd, GlibcHeap::reservationEnd)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(b, b + (132 << 10), b + HEAP));
    }

    @Test
    void neighbouringFullHeapsMergedIntoOneMappingAreEachACandidate() {
        long b = 0x7f00_0000_0000L;
        List<GlibcHeap> heaps = ArenaDetector.candidates(new MemoryMap(List.of(anon(b, b + 3 * HEAP, "rw-p"))));
        assertThat(heaps).extracting(GlibcHeap::start).containsExactly(b, b + HEAP, b + 2 * HEAP);
    }

    @Test
    void aMappingNotEndingInAReservationIsNoHeap() {
        long b = 0x7f00_0000_0000L;
        assertThat(ArenaDetector.candidates(new MemoryMap(List.of(anon(b, b + (132 << 10), "rw-p"))))).isEmpty();
        assertThat(ArenaDetector.candidates(new MemoryMap(List.of(anon(b + 4096, b + HEAP, "rw-p"))))).isEmpty();
    }

    /** Found by fuzzing: aligning [vsyscall]'s address up wrapped to 0, and the loop walked 2^38 blocks (a hang). */
    @Test
    void mappingsInTheKernelsHalfOrTooLargeToBeHeapsEndAtOnce() {
        long vsyscall = 0xffff_ffff_ff60_0000L;
        assertThat(ArenaDetector.candidates(new MemoryMap(List.of(anon(vsyscall, vsyscall + 0x10000, "rw-p")))))
                .isEmpty();
        long b = 1L << 40;
        assertThat(ArenaDetector.candidates(new MemoryMap(List.of(anon(b, b + (1L << 46), "rw-p"))))).isEmpty();
        assertThat(ArenaDetector.candidates(new MemoryMap(List.of(anon(HEAP, Long.MAX_VALUE & -HEAP, "rw-p")))))
                .isEmpty();
    }
}
