package dev.offheap.parse.hprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LongIntMapTest {
    @Test
    void zeroIsNeverAKeyEvenWhereAnEmptySlotHoldsValueZero() {
        LongIntMap m = new LongIntMap(4);
        assertThat(m.get(0)).isEqualTo(-1);
        m.put(42, 0);
        assertThat(m.get(42)).isZero();
        assertThat(m.get(0)).isEqualTo(-1);
        assertThatThrownBy(() -> m.put(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsEveryKeyAcrossGrowth() {
        LongIntMap m = new LongIntMap(1);
        for (int i = 1; i <= 10_000; i++) {
            m.put(i * 0x1_0000_0001L, i);
        }
        assertThat(m.size()).isEqualTo(10_000);
        for (int i = 1; i <= 10_000; i++) {
            assertThat(m.get(i * 0x1_0000_0001L)).isEqualTo(i);
        }
        assertThat(m.get(-7)).isEqualTo(-1);
    }
}
