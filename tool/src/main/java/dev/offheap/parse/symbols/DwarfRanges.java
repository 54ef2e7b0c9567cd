package dev.offheap.parse.symbols;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Address range lists of DWARF: {@code .debug_rnglists} (DWARF 5, {@code DW_RLE_*} entries, by offset or by
 * {@code DW_FORM_rnglistx} index) and {@code .debug_ranges} (DWARF 2-4, address pairs); part of {@link DwarfFunctions}.
 * Empty ranges and ranges at address 0 (functions the linker discarded) are left out.
 */
final class DwarfRanges {
    private DwarfRanges() {
    }

    static List<long[]> rnglist(DwarfUnit u, DwarfUnit.Reader owner, int form, long value) {
        ByteBuffer b = u.owner().sections.rnglists();
        long offset = value;
        if (form == 0x23) {
            // rnglistx: an index into the offset table that follows the list header, relative to rnglists_base
            long at = u.rnglistsBase() + value * u.offsetSize();
            offset = u.rnglistsBase() + (u.offsetSize() == 8 ? b.getLong((int) at) : Integer.toUnsignedLong(b.getInt((int) at)));
        }
        DwarfUnit.Reader r = new DwarfUnit.Reader(u, b, (int) offset);
        List<long[]> out = new ArrayList<>();
        long base = u.baseAddress();
        while (true) {
            int kind = b.get(r.pos++) & 0xff;
            switch (kind) {
                case 0 -> {
                    return out;
                }
                case 1 -> base = owner.resolveAddress(0x1b, r.uleb());
                case 2 -> add(out, owner.resolveAddress(0x1b, r.uleb()), owner.resolveAddress(0x1b, r.uleb()));
                case 3 -> {
                    long start = owner.resolveAddress(0x1b, r.uleb());
                    add(out, start, start + r.uleb());
                }
                case 4 -> {
                    long start = base + r.uleb();
                    add(out, start, base + r.uleb());
                }
                case 5 -> base = r.raw(0x01);
                case 6 -> add(out, r.raw(0x01), r.raw(0x01));
                case 7 -> {
                    long start = r.raw(0x01);
                    add(out, start, start + r.uleb());
                }
                default -> throw new IllegalArgumentException("unknown range list entry " + kind + " at .debug_rnglists+0x" + Long.toHexString(r.pos - 1));
            }
        }
    }

    static List<long[]> ranges(DwarfUnit u, long offset) {
        ByteBuffer b = u.owner().sections.ranges();
        int size = u.addressSize();
        long max = size == 8 ? -1L : 0xffffffffL;
        long base = u.baseAddress();
        List<long[]> out = new ArrayList<>();
        for (int at = (int) offset; at + 2 * size <= b.limit(); at += 2 * size) {
            long start = size == 8 ? b.getLong(at) : Integer.toUnsignedLong(b.getInt(at));
            long end = size == 8 ? b.getLong(at + size) : Integer.toUnsignedLong(b.getInt(at + size));
            if (start == 0 && end == 0) {
                break;
            }
            if (start == max) {
                base = end;
            } else {
                add(out, base + start, base + end);
            }
        }
        return out;
    }

    private static void add(List<long[]> out, long start, long end) {
        if (start != 0 && end > start) {
            out.add(new long[] {start, end});
        }
    }
}
