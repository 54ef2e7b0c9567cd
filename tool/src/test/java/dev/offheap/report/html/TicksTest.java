package dev.offheap.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TicksTest {
    @Test
    void timeTicksAreRoundDurationsCoveringTheSpan() {
        assertThat(Ticks.seconds(100, 8)).containsExactly(0L, 15L, 30L, 45L, 60L, 75L, 90L);
        assertThat(Ticks.seconds(3 * 3600, 8)).containsExactly(0L, 1800L, 3600L, 5400L, 7200L, 9000L, 10800L);
    }

    /** A span of years went past the longest round step (a week) and made millions of ticks. */
    @Test
    void spansBeyondTheLongestRoundStepGetWholeWeeksAndAboutTheAskedCount() {
        double tenYears = 10 * 365.25 * 86400;
        assertThat(Ticks.seconds(tenYears, 8)).hasSizeBetween(8, 10).allMatch(v -> v % 604800 == 0);
        assertThat(Ticks.seconds(Double.POSITIVE_INFINITY, 8)).containsExactly(0L);
        assertThat(Ticks.seconds(Double.NaN, 8)).containsExactly(0L);
        assertThat(Ticks.seconds(9e15, 8)).containsExactly(0L);
    }
}
