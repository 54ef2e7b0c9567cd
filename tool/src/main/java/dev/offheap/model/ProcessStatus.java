package dev.offheap.model;

import java.util.List;
import java.util.OptionalLong;

/**
 * The fields of {@code /proc/PID/status} the tool uses, sizes in bytes (the file says kB). Memory fields are empty
 * for kernel threads and, for RssAnon/RssFile/RssShmem, on kernels before 4.5. {@code nspid} lists the pid in each
 * PID namespace, outermost first (one element when the process is not in a container). {@code capEff}: the
 * effective capability bits; {@code seccomp}: 0 none, 1 strict, 2 a filter (both empty where the kernel has no such line).
 */
public record ProcessStatus(
        String name,
        String state,
        long pid,
        long ppid,
        OptionalLong realUid,
        OptionalLong effectiveUid,
        OptionalLong realGid,
        OptionalLong effectiveGid,
        List<Long> nspid,
        OptionalLong vmPeakBytes,
        OptionalLong vmSizeBytes,
        OptionalLong vmHwmBytes,
        OptionalLong vmRssBytes,
        OptionalLong rssAnonBytes,
        OptionalLong rssFileBytes,
        OptionalLong rssShmemBytes,
        OptionalLong vmSwapBytes,
        int threads,
        long sigCgt,
        OptionalLong capEff,
        OptionalLong seccomp) {

    public ProcessStatus {
        nspid = nspid == null || nspid.isEmpty() ? List.of(pid) : List.copyOf(nspid);
    }

    /** The pid as the process sees itself: in its innermost PID namespace (its container). */
    public long innermostPid() {
        return nspid.get(nspid.size() - 1);
    }

    /** Whether the process has capability {@code bit} in effect (e.g. 21 CAP_SYS_ADMIN, 38 CAP_PERFMON); false where unknown. */
    public boolean hasCapability(int bit) {
        return capEff.isPresent() && (capEff.getAsLong() >>> bit & 1L) != 0;
    }

    /** Whether the pid differs inside the process's own PID namespace (it runs in a container). */
    public boolean inOtherPidNamespace() {
        return nspid.size() > 1;
    }

    /** Whether the process installed a handler for {@code signal} (1-based number, e.g. 3 for SIGQUIT). */
    public boolean catches(int signal) {
        if (signal < 1 || signal > 64) {
            throw new IllegalArgumentException("signal out of range 1..64: " + signal);
        }
        return (sigCgt >>> (signal - 1) & 1L) != 0;
    }
}
