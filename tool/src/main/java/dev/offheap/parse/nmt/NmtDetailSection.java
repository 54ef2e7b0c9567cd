package dev.offheap.parse.nmt;

import dev.offheap.model.NmtAllocations;
import dev.offheap.model.NmtAmount;
import dev.offheap.model.NmtCommittedRegion;
import dev.offheap.model.NmtMallocSite;
import dev.offheap.model.NmtReservedRegion;
import dev.offheap.model.NmtTag;
import dev.offheap.model.NmtVirtualMemorySite;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The detail part of an NMT report after the summary: the "Virtual memory map:" (reserved regions with their
 * committed sub-regions), JDK 22+ "Memory file details" (skipped), and after "Details:" the call sites:
 * <pre>
 * [0x00007f786c30470b]StringTable::create_table()+0x14b
 * [0x00007f786c430167]universe_init()+0x187
 *                              ((malloc=512KB tag=Symbol #1) (at peak))
 * </pre>
 * A detail.diff has call sites only, with deltas, right after the summary.
 */
final class NmtDetailSection {
    private enum Part { NONE, MAP, FILES, SITES }

    private final NmtParser parser;
    private final List<NmtReservedRegion> regions = new ArrayList<>();
    private final List<NmtMallocSite> mallocSites = new ArrayList<>();
    private final List<NmtVirtualMemorySite> vmSites = new ArrayList<>();
    private Part part = Part.NONE;
    private boolean headers;
    private boolean jdk9Marks;
    private long omitted;
    // the reserved region being read, its committed sub-regions, and where frames go
    private long regionStart;
    private long regionEnd;
    private String regionCategory;
    private boolean regionAllCommitted;
    private List<String> regionFrames;
    private List<NmtCommittedRegion> committed = new ArrayList<>();
    private long committedStart;
    private long committedEnd;
    private String committedCategory;
    private List<String> frames;

    NmtDetailSection(NmtParser parser) {
        this.parser = parser;
    }

    /** Takes a stripped non-blank line of the detail part. */
    void accept(String t) {
        try {
            acceptLine(t);
        } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
            parser.warn(parser.lineNumber(), "bad record (" + e.getMessage() + "): " + NmtParser.quote(t));
        }
    }

    private void acceptLine(String t) {
        if (t.startsWith("[0x")) {
            if (isRange(t)) {
                range(t);
            } else {
                frame(t);
            }
        } else if (t.charAt(0) == '(') {
            if (part == Part.MAP || part == Part.FILES) {
                parser.warnHere("a region '[0x<start> - 0x<end>] ...'", t);
            } else {
                siteValue(t);
            }
        } else if (t.equals("Virtual memory map:")) {
            headers = true;
            part = Part.MAP;
        } else if (t.startsWith("Memory file details")) {
            finishRegion();
            part = Part.FILES;
        } else if (t.equals("Details:")) {
            finishRegion();
            headers = true;
            part = Part.SITES;
            frames = null;
        } else if (part != Part.FILES) {
            parser.warnHere(part == Part.MAP ? "a region or a frame" : "a frame or '(malloc=...)'", t);
        }
    }

    private static boolean isRange(String t) {
        int i = 3;
        while (i < t.length() && Character.digit(t.charAt(i), 16) >= 0) {
            i++;
        }
        return t.startsWith(" - 0x", i);
    }

    private void frame(String t) {
        if (part == Part.FILES) {
            return;
        }
        if (part == Part.NONE) {
            part = Part.SITES; // detail.diff: sites right after the summary
        }
        if (frames == null) {
            if (part == Part.MAP) {
                parser.warnHere("a region before its frames", t);
                return;
            }
            frames = new ArrayList<>(6);
        }
        frames.add(t);
    }

    // "[0x00000000fc000000 - 0x0000000100000000] reserved and committed 65536KB for Java Heap from"
    // "[0x00000000fc000000 - 0x00000000ffe00000] committed 63488KB from"
    private void range(String t) {
        if (part == Part.FILES) {
            return;
        }
        int dash = t.indexOf(" - 0x");
        int close = t.indexOf(']', dash);
        long start = Long.parseUnsignedLong(t, 3, dash, 16);
        long end = Long.parseUnsignedLong(t, dash + 5, close, 16);
        String rest = t.substring(close + 1).strip();
        String category = categoryOf(rest);
        if (rest.startsWith("committed")) {
            if (regionFrames == null) {
                parser.warnHere("a reserved region before 'committed'", t);
                return;
            }
            finishCommitted();
            committedStart = start;
            committedEnd = end;
            committedCategory = category;
            frames = new ArrayList<>(4);
        } else if (rest.startsWith("reserved")) {
            finishRegion();
            part = Part.MAP;
            regionStart = start;
            regionEnd = end;
            regionCategory = category == null ? "" : category;
            regionAllCommitted = rest.startsWith("reserved and committed");
            regionFrames = new ArrayList<>(4);
            frames = regionFrames;
        } else {
            parser.warnHere("'reserved', 'reserved and committed' or 'committed' after the range", t);
        }
    }

    /** "... 65536KB for Java Heap from" → "Java Heap"; null without " for ". */
    private static String categoryOf(String rest) {
        int f = rest.indexOf(" for ");
        if (f < 0) {
            return null;
        }
        String c = rest.substring(f + 5);
        return c.endsWith(" from") ? c.substring(0, c.length() - 5).strip() : c.strip();
    }

    private void finishCommitted() {
        if (frames != null && frames != regionFrames && regionFrames != null) {
            NmtTag tag = committedCategory == null ? null : NmtTag.fromName(committedCategory);
            committed.add(new NmtCommittedRegion(committedStart, committedEnd, committedCategory, tag, frames));
        }
        frames = regionFrames;
    }

    private void finishRegion() {
        if (regionFrames == null) {
            return;
        }
        finishCommitted();
        regions.add(new NmtReservedRegion(regionStart, regionEnd, regionCategory, NmtTag.fromName(regionCategory),
                regionAllCommitted, regionFrames, committed));
        regionFrames = null;
        committed = new ArrayList<>();
        frames = null;
    }

    // "(malloc=2048KB type=GC #2) (at peak)", "(reserved=48KB, committed=20KB Type=Code)", "(1653 call sites ...)"
    private void siteValue(String t) {
        if (t.contains("call sites weighting less than")) {
            omitted = Long.parseLong(t, 1, t.indexOf(' '), 10);
            return;
        }
        if (frames == null) {
            parser.warnHere("frames before a site's value", t);
            return;
        }
        NmtFields f = NmtFields.scan(t, parser.scaleBytes());
        NmtTag tag = f.category == null ? null : NmtTag.fromName(f.category);
        jdk9Marks |= f.atPeak || f.get("peak") != null || t.contains(" tag=");
        // JDK 8-25 print thread stack malloc sites of detail.diff without "malloc=": "(11KB +7KB #8 +5)"
        NmtFields.Field m = f.get("malloc") != null ? f.get("malloc") : f.get("");
        NmtFields.Field r = f.get("reserved") != null ? f.get("reserved") : f.get("mmap.reserved");
        if (m != null) {
            mallocSites.add(new NmtMallocSite(frames, allocations(f, m), f.category, tag));
        } else if (r != null) {
            NmtFields.Field c = f.get("committed") != null ? f.get("committed") : f.get("mmap.committed");
            NmtAmount committedAmount = c == null ? NmtAmount.of(0) : NmtCategoryBuilder.amount(c);
            vmSites.add(new NmtVirtualMemorySite(frames, NmtCategoryBuilder.amount(r), committedAmount, f.category, tag));
        } else {
            parser.warnHere("'(malloc=...)' or '(reserved=..., committed=...)'", t);
        }
        frames = null;
    }

    private static NmtAllocations allocations(NmtFields f, NmtFields.Field m) {
        NmtFields.Field peak = f.get("peak");
        OptionalLong peakBytes = peak != null ? OptionalLong.of(peak.bytes)
                : f.atPeak ? OptionalLong.of(m.bytes) : OptionalLong.empty();
        OptionalLong peakCount = peak != null && peak.hasCount ? OptionalLong.of(peak.count)
                : f.atPeak && m.hasCount ? OptionalLong.of(m.count) : OptionalLong.empty();
        return new NmtAllocations(NmtCategoryBuilder.amount(m), m.hasCount ? NmtCategoryBuilder.count(m) : null,
                peakBytes, peakCount);
    }

    /** Warns and returns true when the text ended inside the detail part. */
    boolean checkComplete(long lastLine) {
        boolean cut = false;
        if (part == Part.MAP || part == Part.FILES) {
            parser.warn(lastLine, "truncated: the report ends before 'Details:'");
            cut = true;
        } else if (part == Part.SITES && frames != null) {
            parser.warn(lastLine, "truncated: the report ends inside a call site (frames without a value)");
            cut = true;
        }
        finishRegion();
        return cut;
    }

    boolean sawDetailHeaders() {
        return headers;
    }

    boolean sawSites() {
        return !mallocSites.isEmpty() || !vmSites.isEmpty() || part == Part.SITES;
    }

    boolean sawJdk9Marks() {
        return jdk9Marks;
    }

    List<NmtReservedRegion> regions() {
        return regions;
    }

    List<NmtMallocSite> mallocSites() {
        return mallocSites;
    }

    List<NmtVirtualMemorySite> virtualMemorySites() {
        return vmSites;
    }

    long omittedCallSites() {
        return omitted;
    }
}
