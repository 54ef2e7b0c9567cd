package dev.offheap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Why perf events were refused, from async-profiler's log and the target's /proc facts, in one line with the remedy. */
class PerfEventRefusalTest {
    // what async-profiler 4.6 logged under a seccomp filter failing perf_event_open (bench/no-perf-events.c)
    private static final String SECCOMP_LOG = """
            [WARN] perf_event_open for TID 1152 failed: Operation not permitted
            [WARN] perf_event_open for TID 1153 failed: Operation not permitted
            [ERROR] Perf events unavailable. Try --fdtransfer or --all-user option or 'sysctl kernel.perf_event_paranoid=1'
            """;
    private static final long ALL_CAPS = 0x000001fffeffffffL;

    @Test
    void aSeccompFilterIsNamedFirstEvenForRootWithEveryCapability() {
        PerfEventsUnavailable e = PerfEventsUnavailable.fromLog(42, SECCOMP_LOG).orElseThrow();
        assertThat(e.error()).isEqualTo("Operation not permitted");
        String reason = PerfEventRefusal.reason(e, new PerfEventRefusal.Facts(OptionalLong.of(2), OptionalLong.of(ALL_CAPS), 0, OptionalLong.of(2)));
        assertThat(reason).startsWith("a seccomp filter in the target (Seccomp: 2 in /proc/PID/status) blocks perf_event_open")
                .contains("--cap-add PERFMON");
    }

    @Test
    void paranoidAboveTwoForbidsAnUnprivilegedUser() {
        PerfEventsUnavailable e = PerfEventsUnavailable.fromLog(42, SECCOMP_LOG.replace("Operation not permitted", "Permission denied")).orElseThrow();
        assertThat(PerfEventRefusal.reason(e, new PerfEventRefusal.Facts(OptionalLong.of(0), OptionalLong.of(0), 1000, OptionalLong.of(3))))
                .isEqualTo("kernel.perf_event_paranoid=3 forbids perf events to uid 1000 (it needs 2 or less, or CAP_PERFMON):"
                        + " sysctl kernel.perf_event_paranoid=2");
        assertThat(PerfEventRefusal.reason(e, new PerfEventRefusal.Facts(OptionalLong.of(0), OptionalLong.of(1L << 38), 1000, OptionalLong.of(3))))
                .as("CAP_PERFMON: not the sysctl").isEqualTo("perf_event_open: permission denied (kernel.perf_event_paranoid=3, uid 1000,"
                        + " with CAP_PERFMON or CAP_SYS_ADMIN)");
    }

    @Test
    void tooManyOpenFilesPointsAtTheFileLimit() {
        PerfEventsUnavailable e = PerfEventsUnavailable.fromLog(42, "[WARN] perf_event_open for TID 9 failed: Too many open files\n"
                + "[ERROR] Perf events resource limit. Check 'ulimit -n'\n").orElseThrow();
        assertThat(PerfEventRefusal.reason(e, new PerfEventRefusal.Facts(OptionalLong.of(0), OptionalLong.of(0), 1000, OptionalLong.of(2))))
                .isEqualTo("perf_event_open: too many open files (one perf event per thread): raise the target's open-file limit"
                        + " (ulimit -n, LimitNOFILE=)");
    }

    @Test
    void aKernelWithoutPerfEventsIsSaid() {
        PerfEventsUnavailable e = PerfEventsUnavailable.fromLog(42, "[WARN] perf_event_open for TID 9 failed: Function not implemented\n"
                + "[ERROR] Perf events unavailable\n").orElseThrow();
        assertThat(PerfEventRefusal.reason(e, new PerfEventRefusal.Facts(OptionalLong.empty(), OptionalLong.empty(), 0, OptionalLong.empty())))
                .isEqualTo("this kernel has no perf events (perf_event_open: function not implemented; CONFIG_PERF_EVENTS)");
    }

    @Test
    void aLogWithoutARefusalIsNone() {
        assertThat(PerfEventsUnavailable.fromLog(42, "[WARN] Kernel symbols are unavailable due to restrictions.\n")).isEmpty();
        assertThat(PerfEventsUnavailable.fromLog(42, "")).isEmpty();
    }
}
