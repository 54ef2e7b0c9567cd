package dev.offheap.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed {@code jcmd PID VM.native_memory summary|detail|summary.diff|detail.diff [scale=...]} output (or the
 * same text printed by -XX:+PrintNMTStatistics / hs_err). All amounts are in bytes whatever the scale.
 * A JVM answer without data ("Native memory tracking is not enabled", "No baseline for comparison"...) is a report
 * with a {@link #status()} other than REPORTED and no numbers.
 *
 * @param scale        the unit as printed: "KB", "MB", "GB", or "" for scale=1 (bytes)
 * @param pid          the "PID:" line jcmd prints first, when present
 * @param totals       null when not REPORTED or when the text ends before "Total:"
 * @param truncated    the text ends inside the report (a warning says where)
 * @param omittedCallSites "(1653 call sites weighting less than 1KB each omitted.)", 0 when not printed
 */
public record NmtReport(
        NmtStatus status,
        NmtReportKind kind,
        NmtFormat format,
        String scale,
        long scaleBytes,
        OptionalLong pid,
        NmtTotals totals,
        List<NmtCategory> categories,
        List<NmtReservedRegion> virtualMemoryMap,
        List<NmtMallocSite> mallocSites,
        List<NmtVirtualMemorySite> virtualMemorySites,
        long omittedCallSites,
        boolean truncated) {

    public NmtReport {
        categories = List.copyOf(categories);
        virtualMemoryMap = List.copyOf(virtualMemoryMap);
        mallocSites = List.copyOf(mallocSites);
        virtualMemorySites = List.copyOf(virtualMemorySites);
    }

    /** A JVM answer without data (kind is what was asked, when known, else SUMMARY). */
    public static NmtReport ofStatus(NmtStatus status, NmtReportKind kind, OptionalLong pid) {
        return new NmtReport(status, kind, NmtFormat.UNDETERMINED, "KB", 1024, pid, null, List.of(), List.of(),
                List.of(), List.of(), 0, false);
    }

    /** True when NMT is off or could not answer what was asked. */
    public boolean unavailable() {
        return status.unavailable();
    }

    /** The first category with this tag (JDK 8 to 25 print each tag at most once). */
    public Optional<NmtCategory> category(NmtTag tag) {
        for (NmtCategory c : categories) {
            if (c.tag() == tag) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * The tag that holds Unsafe.allocateMemory and direct ByteBuffers: INTERNAL for a JDK 8 text, OTHER for JDK 9+
     * and, when the text cannot tell (see {@link NmtFormat#UNDETERMINED}), OTHER as every supported JDK but 8.
     */
    public NmtTag unsafeTag() {
        return format == NmtFormat.JDK8 ? NmtTag.INTERNAL : NmtTag.OTHER;
    }
}
