package dev.offheap.parse.hprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.offheap.model.InputException;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Dense ranks of object ids: in id order, -1 for anything that is no object, and memory by occupied chunk. */
class IdRanksTest {
    @Test
    void ranksIdsInOrderAcrossChunksAndAnswersMinusOneElsewhere() {
        // objects in a few 1 MiB regions spread over a 6 GiB range, as in a sparse G1 heap
        long base = 0x600000000L;
        TreeSet<Long> ids = new TreeSet<>();
        Random random = new Random(7);
        for (long region : new long[] {0, 3, 1000, 6143}) {
            for (int i = 0; i < 500; i++) {
                ids.add(base + (region << 20) + 8L * random.nextInt(1 << 17));
            }
        }
        IdRanks ranks = ranks(ids, 10_000_000);
        assertThat(ranks.count()).isEqualTo(ids.size());
        int expected = 0;
        for (long id : ids) {
            assertThat(ranks.rank(id)).as("0x%x", id).isEqualTo(expected++);
            if (!ids.contains(id + 8)) {
                assertThat(ranks.rank(id + 8)).isEqualTo(-1);
            }
            assertThat(ranks.rank(id + 4)).as("misaligned").isEqualTo(-1);
        }
        assertThat(ranks.rank(base - 8)).isEqualTo(-1);
        assertThat(ranks.rank(base + (500L << 20))).as("a chunk without objects").isEqualTo(-1);
        assertThat(ranks.rank(ids.last() + 8)).isEqualTo(-1);
        assertThat(ranks.rank(0)).as("null").isEqualTo(-1);
    }

    @Test
    void idsSpreadOverMoreChunksThanTheDumpCouldHoldAreACorruptDump() {
        // one id every 64 GiB over 2^56 bytes: a million chunks for a dump of 1 KB
        TreeSet<Long> ids = new TreeSet<>();
        for (long i = 0; i < 1 << 20; i++) {
            ids.add(i << 36);
        }
        assertThatThrownBy(() -> ranks(ids, 1024)).isInstanceOf(InputException.class)
                .hasMessageContaining("too wide for the reachability index; use --no-reachability");
    }

    @Test
    void noIds() {
        IdRanks ranks = ranks(new TreeSet<>(), 100);
        assertThat(ranks.count()).isZero();
        assertThat(ranks.rank(0x1000)).isEqualTo(-1);
    }

    private static IdRanks ranks(TreeSet<Long> ids, long fileBytes) {
        LongChunks chunks = new LongChunks();
        long bits = 0;
        // in no particular order, as the scan finds them
        for (long id : ids.descendingSet()) {
            chunks.add(id);
            bits |= id;
        }
        try {
            return new IdRanks(chunks, ids.isEmpty() ? 0 : ids.first(), ids.isEmpty() ? 0 : ids.last(), bits, fileBytes, "test.hprof");
        } finally {
            chunks.close();
        }
    }
}
