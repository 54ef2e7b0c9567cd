package dev.offheap.profile;

import java.util.OptionalLong;

/**
 * Why perf events cannot be opened in a target, in one line with the remedy, from facts read beside the refusal:
 * perf_event_open's error, the target's seccomp mode, its effective capabilities and uid, and
 * {@code kernel.perf_event_paranoid}. async-profiler's own advice (a sysctl) is wrong for a container, whose seccomp
 * filter refuses perf_event_open even to root with every capability, so a filter is checked first.
 */
public final class PerfEventRefusal {
    static final int CAP_SYS_ADMIN = 21;
    static final int CAP_PERFMON = 38;

    /** What is known of the target; {@code seccomp} 2 is a filter; {@code capEff} the effective capability bits. */
    public record Facts(OptionalLong seccomp, OptionalLong capEff, long uid, OptionalLong paranoid) {
    }

    private PerfEventRefusal() {
    }

    /** The reason and remedy, lower-case, without the pid and without the offer of the malloc profile. */
    public static String reason(PerfEventsUnavailable refused, Facts f) {
        String error = refused.error();
        boolean denied = error == null ? refused.profilerMessage().startsWith("Perf events unavailable. Try")
                : error.contains("not permitted") || error.contains("Permission denied");
        if (refused.profilerMessage().startsWith("Perf events resource limit") || error != null
                && (error.contains("Too many open files") || error.contains("file table overflow"))) {
            return "perf_event_open: " + (error == null ? "resource limit" : error.toLowerCase(java.util.Locale.ROOT))
                    + " (one perf event per thread): raise the target's open-file limit (ulimit -n, LimitNOFILE=)";
        }
        if (denied && f.seccomp().orElse(0) == 2) {
            return "a seccomp filter in the target (Seccomp: 2 in /proc/PID/status) blocks perf_event_open, as container"
                    + " runtimes' default profiles do: run the container with --cap-add PERFMON (CAP_SYS_ADMIN on runtimes"
                    + " whose profile predates CAP_PERFMON) or with a seccomp profile that allows perf_event_open";
        }
        boolean capable = has(f.capEff(), CAP_PERFMON) || has(f.capEff(), CAP_SYS_ADMIN);
        if (denied && !capable && f.paranoid().isPresent() && f.paranoid().getAsLong() >= 3) {
            return "kernel.perf_event_paranoid=" + f.paranoid().getAsLong() + " forbids perf events to uid " + f.uid()
                    + " (it needs 2 or less, or CAP_PERFMON): sysctl kernel.perf_event_paranoid=2";
        }
        if (error != null && error.contains("Function not implemented")) {
            return "this kernel has no perf events (perf_event_open: function not implemented; CONFIG_PERF_EVENTS)";
        }
        String why = error == null ? refused.profilerMessage() : "perf_event_open: " + error.toLowerCase(java.util.Locale.ROOT);
        return why + (f.paranoid().isPresent() ? " (kernel.perf_event_paranoid=" + f.paranoid().getAsLong() + ", uid "
                + f.uid() + (capable ? ", with CAP_PERFMON or CAP_SYS_ADMIN" : ", without CAP_PERFMON") + ")" : "");
    }

    private static boolean has(OptionalLong capEff, int bit) {
        return capEff.isPresent() && (capEff.getAsLong() >>> bit & 1L) != 0;
    }
}
