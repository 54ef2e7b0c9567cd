package dev.offheap.model;

import java.util.List;

/**
 * What a HotSpot fatal error log ({@code hs_err_pid<pid>.log}) tells about memory: the error lines at its top, the
 * JVM version, how it was started, its flags, its memory map ("Dynamic libraries:", without counters), the NMT
 * summary (JDK 11+ print it when NMT was on), the Java heap description, resident and physical memory where printed,
 * and, for a native out-of-memory crash, the size and kind of the allocation that failed. Parts are null where the
 * log lacks them.
 *
 * @param failedAllocationKind "malloc" or "mmap" (from "Native memory allocation (mmap) failed to map N bytes"), or null
 */
public record HsErrReport(
        List<String> errorLines,
        long pid,
        JvmVersion version,
        JvmCommandLine commandLine,
        JvmFlags flags,
        MemoryMap memoryMap,
        NmtReport nmt,
        List<String> heapLines,
        Long residentBytes,
        Long peakResidentBytes,
        Long physicalMemoryBytes,
        Long failedAllocationBytes,
        String failedAllocationKind,
        String failedAllocationPurpose) {
    public HsErrReport {
        errorLines = List.copyOf(errorLines);
        heapLines = List.copyOf(heapLines);
    }

    /** True when the JVM died because the operating system refused it memory (not a Java heap OutOfMemoryError). */
    public boolean nativeOutOfMemory() {
        return failedAllocationBytes != null;
    }
}
