package dev.offheap.parse.nmt;

import dev.offheap.model.NmtAllocations;
import dev.offheap.model.NmtAmount;
import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtClassCounts;
import dev.offheap.model.NmtCount;
import dev.offheap.model.NmtMetaspace;
import dev.offheap.model.NmtMmap;
import dev.offheap.model.NmtTag;
import dev.offheap.model.NmtThreads;
import java.util.OptionalLong;

/** Collects the lines of one summary category ("-  Class (reserved=...)" and the "(...)" lines under it). */
final class NmtCategoryBuilder {
    private final String rawName;
    private final NmtAmount reserved;
    private final NmtAmount committed;
    private final OptionalLong readonly;
    private NmtAllocations malloc;
    private NmtMmap mmap;
    private NmtAllocations arena;
    private NmtAmount trackingOverhead;
    private NmtCount threadCount;
    private NmtAmount stackReserved;
    private NmtAmount stackCommitted;
    private OptionalLong stackPeak = OptionalLong.empty();
    private NmtCount classes;
    private NmtCount instanceClasses;
    private NmtCount arrayClasses;
    private MetaspaceBlock metadata;
    private MetaspaceBlock classSpace;
    private MetaspaceBlock block;
    boolean jdk9Marks;

    /** "Metadata:" / "Class space:" lines in the making. */
    private static final class MetaspaceBlock {
        NmtAmount reserved;
        NmtAmount committed;
        NmtAmount used;
        NmtAmount free;
        NmtAmount waste;

        /** Null unless both reserved and committed were read (a block cut short says nothing usable). */
        NmtMetaspace build() {
            return reserved == null || committed == null ? null : new NmtMetaspace(reserved, committed, used, free, waste);
        }
    }

    /** From the header's fields: "(reserved=16384KB, committed=12060KB, readonly=0KB)". */
    NmtCategoryBuilder(String rawName, NmtFields header) {
        this.rawName = rawName;
        NmtFields.Field r = header.get("reserved");
        NmtFields.Field c = header.get("committed");
        if (r == null || c == null) {
            throw new IllegalArgumentException("expected '(reserved=<n>, committed=<n>)'");
        }
        reserved = amount(r);
        committed = amount(c);
        NmtFields.Field ro = header.get("readonly");
        readonly = ro == null ? OptionalLong.empty() : OptionalLong.of(ro.bytes);
    }

    /** Takes one "(...)" line under the header; false when the line means nothing known here. */
    boolean accept(NmtFields f) {
        if (f.label.equals("metadata") || f.label.equals("class space")) {
            block = new MetaspaceBlock();
            if (f.label.equals("metadata")) {
                metadata = block;
            } else {
                classSpace = block;
            }
            jdk9Marks = true;
            return true;
        }
        if (f.fields.isEmpty()) {
            return f.atPeak; // a lone "(at peak)" never comes alone, but is harmless
        }
        String key = f.fields.get(0).key;
        if (block != null && acceptMetaspace(f)) {
            return true;
        }
        return acceptKey(key, f);
    }

    private boolean acceptKey(String key, NmtFields f) {
        switch (key) {
            case "malloc" -> malloc = allocations(f, "malloc");
            case "arena" -> arena = allocations(f, "arena");
            case "mmap.reserved" -> mmap = mmapOf(f);
            case "tracking overhead" -> trackingOverhead = amount(f.fields.get(0));
            case "thread", "threads" -> {
                threadCount = count(f.fields.get(0));
                jdk9Marks |= key.equals("threads");
            }
            case "stack.reserved" -> {
                stackReserved = amount(f.fields.get(0));
                NmtFields.Field c = f.get("stack.committed");
                stackCommitted = c == null ? null : amount(c);
                NmtFields.Field p = f.get("stack.peak");
                stackPeak = p == null ? OptionalLong.empty() : OptionalLong.of(p.bytes);
            }
            case "stack" -> stackReserved = amount(f.fields.get(0));
            case "classes" -> classes = count(f.fields.get(0));
            case "instance classes" -> {
                instanceClasses = count(f.fields.get(0));
                NmtFields.Field a = f.get("array classes");
                arrayClasses = a == null ? null : count(a);
                jdk9Marks = true;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean acceptMetaspace(NmtFields f) {
        NmtFields.Field first = f.fields.get(0);
        switch (first.key) {
            case "reserved" -> {
                block.reserved = amount(first);
                NmtFields.Field c = f.get("committed");
                block.committed = c == null ? null : amount(c);
            }
            case "used" -> block.used = amount(first);
            case "free" -> block.free = amount(first);
            case "waste" -> block.waste = amount(first);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static NmtAllocations allocations(NmtFields f, String key) {
        NmtFields.Field m = f.get(key);
        NmtFields.Field peak = f.get("peak");
        OptionalLong peakBytes = OptionalLong.empty();
        OptionalLong peakCount = OptionalLong.empty();
        if (peak != null) {
            peakBytes = OptionalLong.of(peak.bytes);
            peakCount = peak.hasCount ? OptionalLong.of(peak.count) : OptionalLong.empty();
        } else if (f.atPeak) {
            peakBytes = OptionalLong.of(m.bytes);
            peakCount = m.hasCount ? OptionalLong.of(m.count) : OptionalLong.empty();
        }
        return new NmtAllocations(amount(m), m.hasCount ? count(m) : null, peakBytes, peakCount);
    }

    private static NmtMmap mmapOf(NmtFields f) {
        NmtFields.Field r = f.get("mmap.reserved");
        NmtFields.Field c = f.get("mmap.committed");
        NmtFields.Field p = f.get("mmap.peak");
        NmtAmount committed = c == null ? NmtAmount.of(0) : amount(c);
        OptionalLong peak = p != null ? OptionalLong.of(p.bytes)
                : f.atPeak ? OptionalLong.of(committed.bytes()) : OptionalLong.empty();
        return new NmtMmap(amount(r), committed, peak);
    }

    static NmtAmount amount(NmtFields.Field f) {
        return new NmtAmount(f.bytes, f.hasDelta ? OptionalLong.of(f.deltaBytes) : OptionalLong.empty());
    }

    static NmtCount count(NmtFields.Field f) {
        return new NmtCount(f.count, f.hasCountDelta ? OptionalLong.of(f.countDelta) : OptionalLong.empty());
    }

    NmtCategory build() {
        NmtThreads threads = threadCount == null && stackReserved == null ? null
                : new NmtThreads(threadCount, stackReserved, stackCommitted, stackPeak);
        NmtClassCounts classCounts = classes == null ? null : new NmtClassCounts(classes, instanceClasses, arrayClasses);
        return new NmtCategory(rawName, NmtTag.fromName(rawName), reserved, committed, malloc, mmap, arena, readonly,
                trackingOverhead, threads, classCounts, metadata == null ? null : metadata.build(),
                classSpace == null ? null : classSpace.build());
    }
}
