package dev.offheap.model;

import java.util.List;

/**
 * One entry of {@code /proc/PID/smaps} (or {@code /proc/PID/maps}, then every counter is null: unknown).
 * Addresses are unsigned 64-bit values held in a {@code long} ({@code [vsyscall]} sits above {@code Long.MAX_VALUE}).
 * {@code path} is null for an unnamed anonymous mapping and keeps kernel names such as {@code [heap]},
 * {@code [stack]}, {@code [vdso]}, {@code [anon:name]}; a trailing {@code " (deleted)"} is removed and sets {@code deleted}.
 */
public record Mapping(
        long startAddress,
        long endAddress,
        String perms,
        long offset,
        String device,
        long inode,
        String path,
        boolean deleted,
        Long rssBytes,
        Long pssBytes,
        Long sharedCleanBytes,
        Long sharedDirtyBytes,
        Long privateCleanBytes,
        Long privateDirtyBytes,
        Long anonymousBytes,
        Long anonHugePagesBytes,
        Long swapBytes,
        Long lockedBytes,
        List<String> vmFlags) {

    public Mapping {
        vmFlags = vmFlags == null ? List.of() : List.copyOf(vmFlags);
    }

    /** A mapping as {@code /proc/PID/maps} shows it: range, permissions, offset, device, inode and path only. */
    public static Mapping withoutCounters(long start, long end, String perms, long offset, String device, long inode,
                                          String path, boolean deleted) {
        return new Mapping(start, end, perms, offset, device, inode, path, deleted,
                null, null, null, null, null, null, null, null, null, null, List.of());
    }

    /** Virtual size of the range (end - start). */
    public long sizeBytes() {
        return endAddress - startAddress;
    }

    /** Whether the per-mapping counters (Rss, Pss, …) were present, i.e. the source was smaps and not maps. */
    public boolean hasCounters() {
        return rssBytes != null;
    }

    /** Memory not backed by a file: unnamed mappings, {@code [heap]}, {@code [stack]}, {@code [anon:…]}. */
    public boolean isAnonymous() {
        return path == null || path.equals("[heap]") || path.startsWith("[stack") || path.startsWith("[anon:");
    }

    /** Backed by a file (possibly deleted); kernel pseudo-names in brackets are not files. */
    public boolean isFileBacked() {
        return path != null && !path.startsWith("[");
    }

    public boolean isReadable() {
        return perms.charAt(0) == 'r';
    }

    public boolean isWritable() {
        return perms.charAt(1) == 'w';
    }

    public boolean isExecutable() {
        return perms.charAt(2) == 'x';
    }

    /** Copy-on-write private mapping ({@code p}), as opposed to shared ({@code s}). */
    public boolean isPrivate() {
        return perms.charAt(3) == 'p';
    }

    /** No access at all ({@code ---p}): reserved address space, e.g. the JVM's reserve or a guard page. */
    public boolean isInaccessible() {
        return perms.startsWith("---");
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, startAddress) >= 0 && Long.compareUnsigned(address, endAddress) < 0;
    }

    public boolean hasVmFlag(String flag) {
        return vmFlags.contains(flag);
    }

    @Override
    public String toString() {
        return Long.toHexString(startAddress) + "-" + Long.toHexString(endAddress) + " " + perms
                + (path == null ? "" : " " + path) + (deleted ? " (deleted)" : "");
    }
}
