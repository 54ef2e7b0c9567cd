package dev.offheap.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The units every report prints: sizes in binary units and durations, one formatter each for text, JSON and HTML. */
class SizesTest {
    @Test
    void sizesChangeUnitBefore1000() {
        assertThat(Sizes.format(0)).isEqualTo("0 B");
        assertThat(Sizes.format(1023)).isEqualTo("1023 B");
        assertThat(Sizes.format(812 * 1024)).isEqualTo("812 KiB");
        assertThat(Sizes.format(1000 * 1024)).isEqualTo("1.0 MiB");
        assertThat(Sizes.format((long) (12.4 * 1048576))).isEqualTo("12.4 MiB");
        assertThat(Sizes.format(-3 * 1024)).isEqualTo("-3 KiB");
        assertThat(Sizes.signed(12 * 1048576)).isEqualTo("+12.0 MiB");
    }

    @Test
    void durationsRoundToTheirUnit() {
        assertThat(Sizes.duration(4.6)).isEqualTo("5 s");
        assertThat(Sizes.duration(119)).isEqualTo("119 s");
        assertThat(Sizes.duration(600)).isEqualTo("10 min");
        assertThat(Sizes.duration(3.5 * 3600)).isEqualTo("3.5 h");
        assertThat(Sizes.duration(2904.4 * 3600)).isEqualTo("121 days");
    }
}
