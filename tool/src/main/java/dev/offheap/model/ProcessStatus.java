package dev.offheap.model;

import java.util.List;
import java.util.OptionalLong;

/**
 * The fields of {@code /proc/PID/status} the tool uses, sizes in bytes (the file says kB). Memory fields are empty
 * for kernel threads and, for RssAnon/RssFile/RssShmem, on kernels before 4.5. {@code nspid} lists the pid in each
 * PID namespace, outermost first (one element when the process is not in a container).
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
        long sigCgt) {

    public ProcessStatus {
        nspid = nspid == null || nspid.isEmpty() ? List.of(pid) : List.copyOf(nspid);
    }

    /** The pid as the process sees itself: in its innermost PID namespace (its container). */
    public long innermostPid() {
        return nspid.get(nspid.size() - 1);
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
