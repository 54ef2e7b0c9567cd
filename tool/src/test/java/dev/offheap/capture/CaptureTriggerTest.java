package dev.offheap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaptureTriggerTest {
    private static final long MIB = 1 << 20;
    private static final long LIMIT = 200 * MIB;

    private static CaptureMeasure at(double percent, Double secondsToLimit) {
        return new CaptureMeasure((long) (LIMIT * percent / 100), LIMIT, CaptureMeasure.CONTAINER, "the cgroup's working set",
                secondsToLimit, secondsToLimit == null ? 0 : 1 * MIB);
    }

    private static String label(Optional<CaptureReason> r) {
        return r.map(CaptureReason::label).orElse("-");
    }

    @Test
    void eachThresholdFiresOnceInTheJvmsLifeHoweverLongItStaysAbove() {
        CaptureTrigger t = new CaptureTrigger(List.of(75, 90), CaptureSettings.DEFAULT_AHEAD_MILLIS);
        assertThat(label(t.check(at(50, null)))).isEqualTo("-");
        assertThat(label(t.check(at(76, null)))).isEqualTo("limit_75pct");
        for (int i = 0; i < 100; i++) {
            assertThat(label(t.check(at(76 + i % 10, null)))).isEqualTo("-");
        }
        // down and up again is still the same threshold
        assertThat(label(t.check(at(60, null)))).isEqualTo("-");
        assertThat(label(t.check(at(80, null)))).isEqualTo("-");
        assertThat(label(t.check(at(90, null)))).isEqualTo("limit_90pct");
        assertThat(label(t.check(at(99, null)))).isEqualTo("-");
    }

    @Test
    void aSampleAlreadyPastSeveralThresholdsIsCapturedOnceForTheHighest() {
        CaptureTrigger t = new CaptureTrigger(List.of(75, 90), CaptureSettings.DEFAULT_AHEAD_MILLIS);
        assertThat(label(t.check(at(93, 30.0)))).isEqualTo("limit_90pct");
        assertThat(label(t.check(at(93, 30.0)))).as("75% and the time to the limit are of that moment too").isEqualTo("-");
        assertThat(label(t.check(at(80, 30.0)))).isEqualTo("-");
    }

    @Test
    void theTimeToTheLimitFiresOnceWhenUnderTenMinutesAndOnlyWithATrend() {
        CaptureTrigger t = new CaptureTrigger(List.of(75, 90), CaptureSettings.DEFAULT_AHEAD_MILLIS);
        assertThat(label(t.check(at(20, null)))).as("no trend stood behind").isEqualTo("-");
        assertThat(label(t.check(at(20, 601.0)))).isEqualTo("-");
        assertThat(label(t.check(at(21, 599.0)))).isEqualTo("time_to_limit");
        assertThat(label(t.check(at(30, 100.0)))).isEqualTo("-");
        assertThat(label(t.check(at(75, 40.0)))).as("the thresholds still fire after it").isEqualTo("limit_75pct");
    }

    @Test
    void theSharesGivenWithCaptureAtAreTheThresholds() {
        CaptureTrigger t = new CaptureTrigger(new CaptureSettings(null, List.of(95, 50, 80), 0, 1, 1, false, null, 0, null).percents(), 0);
        assertThat(label(t.check(at(49.9, null)))).isEqualTo("-");
        assertThat(label(t.check(at(50, null)))).isEqualTo("limit_50pct");
        assertThat(label(t.check(at(85, 1.0)))).as("no time to the limit: 0 ms ahead").isEqualTo("limit_80pct");
        assertThat(label(t.check(at(96, null)))).isEqualTo("limit_95pct");
        assertThat(label(t.check(at(100, null)))).isEqualTo("-");
    }
}
