package dev.offheap.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.offheap.analyze.trend.TheilSen;
import dev.offheap.analyze.trend.Trend;
import org.junit.jupiter.api.Test;

class TheilSenTest {
    @Test
    void slopeOfASteadyLineIgnoresOneOutlier() {
        double[] t = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[] y = {100, 110, 120, 130, 900, 150, 160, 170, 180, 190};
        Trend trend = TheilSen.fit(t, y);
        assertThat(trend.slopePerSecond()).isCloseTo(10, within(0.01));
        assertThat(trend.first()).isCloseTo(100, within(0.01));
        assertThat(trend.last()).isCloseTo(190, within(0.01));
        assertThat(trend.steadiness()).isGreaterThan(0.85);
        assertThat(trend.risingSteadily(0.75)).isTrue();
    }

    @Test
    void noiseAroundAFlatLineIsNotSteadyGrowth() {
        double[] t = {0, 1, 2, 3, 4, 5, 6, 7};
        double[] y = {100, 104, 98, 103, 97, 102, 99, 101};
        Trend trend = TheilSen.fit(t, y);
        assertThat(Math.abs(trend.slopePerSecond())).isLessThan(1.0);
        assertThat(trend.steadiness()).isBetween(0.3, 0.7);
        assertThat(trend.risingSteadily(0.75)).isFalse();
    }

    @Test
    void timeToALimitFollowsTheSlope() {
        Trend trend = TheilSen.fit(new double[] {0, 1, 2, 3}, new double[] {0, 10, 20, 30});
        assertThat(trend.secondsTo(130)).isCloseTo(10, within(0.01));
        assertThat(trend.secondsTo(20)).isZero();
        assertThat(TheilSen.fit(new double[] {0, 1}, new double[] {5, 5}).secondsTo(100)).isNaN();
    }

    @Test
    void skipsUnknownValuesAndThinsLongSeries() {
        long[] times = new long[2000];
        Long[] values = new Long[2000];
        for (int i = 0; i < times.length; i++) {
            times[i] = 1_000L * i;
            values[i] = i % 7 == 0 ? null : 3L * i;
        }
        Trend trend = TheilSen.fit(times, values);
        assertThat(trend.slopePerSecond()).isCloseTo(3, within(0.01));
        assertThat(trend.samples()).isEqualTo(2000 - 286);
    }

    @Test
    void aRiseThatStoppedForTheLastQuarterHasLevelledOffAndAStepwiseLeakHasNot() {
        double[] t = new double[13];
        double[] warm = new double[13];
        double[] creep = new double[13];
        double[] steps = new double[13];
        double[] late = new double[13];
        for (int i = 0; i < t.length; i++) {
            t[i] = 10 * i;
            warm[i] = 1000 + 40 * Math.min(i, 9) + (i >= 9 ? i % 2 : 0); // rises for 90 s, then level (with noise)
            creep[i] = 1000 + 40 * Math.min(i, 9) + (i >= 9 ? 4 * (i - 9) : 0); // then a tenth of the pace
            steps[i] = 1000 + 100 * (i / 3); // a leak in steps every 30 s
            late[i] = 1000 + 40 * Math.min(i, 10); // stopped for only the last 20 s of 120
        }
        Trend warmUp = TheilSen.fit(t, warm);
        assertThat(warmUp.risingSteadily(0.75)).isTrue();
        assertThat(warmUp.tailSlopePerSecond()).isCloseTo(0, within(0.1));
        assertThat(warmUp.levelledOff()).isTrue();
        assertThat(TheilSen.fit(t, creep).levelledOff()).isTrue();
        Trend leak = TheilSen.fit(t, steps);
        assertThat(leak.tailSlopePerSecond()).isGreaterThan(0.3 * leak.slopePerSecond());
        assertThat(leak.levelledOff()).isFalse();
        assertThat(TheilSen.fit(t, late).levelledOff()).isFalse();
        // too few samples in the last quarter to tell
        assertThat(TheilSen.fit(new double[] {0, 1, 2, 3, 4}, new double[] {0, 10, 20, 20, 20}).tailSlopePerSecond()).isNaN();
    }
}
