package dev.offheap.analyze.offline;

import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.HsErrReport;
import dev.offheap.model.NmtReport;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Findings an hs_err log supports: NATIVE_OUT_OF_MEMORY when the JVM died because the operating system refused it
 * memory ("Native memory allocation (mmap|malloc) failed"), with what the log says about resident memory and NMT.
 */
public final class CrashFindings {
    private CrashFindings() {
    }

    public static Optional<Finding> evaluate(HsErrReport r, String name) {
        if (!r.nativeOutOfMemory()) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(name + ": native memory allocation (" + r.failedAllocationKind() + ") of "
                + Sizes.format(r.failedAllocationBytes()) + " failed" + (r.failedAllocationPurpose() == null ? ""
                : " for " + r.failedAllocationPurpose()));
        if (r.residentBytes() != null) {
            evidence.add("resident set size at the crash " + Sizes.format(r.residentBytes())
                    + (r.peakResidentBytes() == null ? "" : " (peak " + Sizes.format(r.peakResidentBytes()) + ")")
                    + (r.physicalMemoryBytes() == null ? "" : ", physical memory " + Sizes.format(r.physicalMemoryBytes())));
        }
        NmtReport nmt = r.nmt();
        if (nmt != null && !nmt.unavailable() && nmt.totals() != null) {
            evidence.add("NMT total committed " + Sizes.format(nmt.totals().committed().bytes()) + " of "
                    + Sizes.format(nmt.totals().reserved().bytes()) + " reserved");
        }
        boolean mmap = "mmap".equals(r.failedAllocationKind());
        return Optional.of(new Finding(FindingId.NATIVE_OUT_OF_MEMORY, Severity.CRITICAL,
                "The JVM died for lack of native memory (" + r.failedAllocationKind() + " of "
                        + Sizes.format(r.failedAllocationBytes()) + " failed)",
                "The operating system refused the JVM memory outside the Java heap: the machine or container ran out of"
                        + " memory (and swap), a limit on address space (ulimit -v) or on memory maps"
                        + " (vm.max_map_count) was reached, or" + (mmap ? " committing reserved memory (heap, metaspace,"
                        + " code cache, thread stacks) failed." : " malloc failed (native memory exhausted by the JVM or a"
                        + " library)."),
                evidence,
                "Compare the JVM's budget (heap + metaspace + direct memory + code cache + threads) with the memory the"
                        + " process may use: lower -Xmx or the thread count, or give the container more memory; if native"
                        + " memory grows over time, run 'offheap watch PID' on the restarted JVM (with"
                        + " -XX:NativeMemoryTracking=summary) to find what grows.",
                null));
    }
}
