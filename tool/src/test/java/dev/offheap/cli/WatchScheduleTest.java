package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** How often a watch samples: enough samples to judge growth, picked or refused in one line. */
class WatchScheduleTest {
    @Test
    void aShortWatchWithoutAnIntervalSamplesOftenEnoughForSixSamplesAndSaysSo() {
        StringWriter err = new StringWriter();
        assertThat(WatchSchedule.interval(null, 10_000, "10s", new PrintWriter(err))).isEqualTo(2_000);
        assertThat(WatchSchedule.samples(2_000, 10_000)).isEqualTo(6);
        assertThat(err.toString()).isEqualTo("offheap watch: sampling every 2s (not the default 5s): 6 samples in --duration 10s,"
                + " enough to judge growth\n");
        StringWriter seven = new StringWriter();
        long picked = WatchSchedule.interval(null, 7_000, "7s", new PrintWriter(seven));
        assertThat(picked).isEqualTo(1_400);
        assertThat(WatchSchedule.samples(picked, 7_000)).isEqualTo(6);
        assertThat(seven.toString()).contains("sampling every 1.4s");
    }

    @Test
    void aLongEnoughWatchKeepsTheDefaultSilently() {
        StringWriter err = new StringWriter();
        assertThat(WatchSchedule.interval(null, 600_000, "10m", new PrintWriter(err))).isEqualTo(5_000);
        assertThat(WatchSchedule.interval(null, 25_000, "25s", new PrintWriter(err))).isEqualTo(5_000);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aUserIntervalGivingFewerThanFourSamplesIsRefusedInOneLine() {
        assertThatThrownBy(() -> WatchSchedule.interval(5_000L, 10_000, "10s", new PrintWriter(new StringWriter())))
                .isInstanceOf(UsageException.class)
                .hasMessage("--interval 5s gives 3 samples in --duration 10s; growth needs 4: use --interval 3.3s or less,"
                        + " or a longer --duration");
        assertThat(WatchSchedule.interval(3_000L, 10_000, "10s", new PrintWriter(new StringWriter()))).isEqualTo(3_000);
        assertThat(WatchSchedule.samples(3_000, 10_000)).isEqualTo(4);
    }

    @Test
    void theRefusalIsExitTwoWithNothingOnStdout() {
        // refused before the target is looked for: this pid need not exist
        dev.offheap.testing.Cli.Result r = dev.offheap.testing.Cli.run("watch", "999999999", "--interval", "500ms", "--duration", "1s");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("offheap watch: --interval 500ms gives 3 samples in --duration 1s; growth needs 4:"
                + " use --interval 333ms or less, or a longer --duration");
    }
}
