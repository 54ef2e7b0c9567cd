package dev.offheap.parse.symbols;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One compile unit of {@code .debug_info} (DWARF 2 to 5, 32- and 64-bit formats): its header, abbreviations, the
 * attributes of its top entry (language, address ranges, string/address/range-list bases) and, on demand, its
 * function entries; with the attribute forms of the DWARF 5 standard and the GNU extensions. Part of
 * {@link DwarfFunctions}.
 */
final class DwarfUnit {
    /** An abbreviation: tag, attribute codes and forms (and implicit constants). */
    record Abbrev(int tag, int[] attrs, int[] forms, long[] consts) {
    }

    // DW_LANG_C89, C, Ada83, Cobol74, Cobol85, Fortran77, Pascal83, C99, Ada95, PLI, UPC, C11, Mips_Assembler
    private static final Set<Integer> NON_MANGLED = Set.of(0x1, 0x2, 0x3, 0x5, 0x6, 0x7, 0x9, 0xc, 0xd, 0xf, 0x12, 0x1d, 0x8001);

    private final DwarfFunctions owner;
    private final int offset;
    private final int end;
    private final int version;
    private final int addressSize;
    private final int offsetSize;
    private final int firstDie;
    private final DwarfAbbrevs abbrevs;
    private int language;
    private long baseAddress;
    private long strOffsetsBase;
    private long addrBase;
    private long rnglistsBase;
    private List<long[]> ranges = List.of();

    private DwarfUnit(DwarfFunctions owner, int offset, int end, int version, int addressSize, int offsetSize, int firstDie,
            DwarfAbbrevs abbrevs) {
        this.owner = owner;
        this.offset = offset;
        this.end = end;
        this.version = version;
        this.addressSize = addressSize;
        this.offsetSize = offsetSize;
        this.firstDie = firstDie;
        this.abbrevs = abbrevs;
    }

    /** Reads the unit header at {@code at} and its top entry; null at the end of usable data. */
    static DwarfUnit header(DwarfFunctions owner, int at) {
        ByteBuffer info = owner.sections.info();
        long length = Integer.toUnsignedLong(info.getInt(at));
        int offsetSize = 4;
        int p = at + 4;
        if (length == 0xffffffffL) {
            length = info.getLong(p);
            offsetSize = 8;
            p += 8;
        } else if (length >= 0xfffffff0L) {
            return null;
        }
        long end = p + length;
        if (end > info.limit() || length < 2) {
            return null;
        }
        int version = Short.toUnsignedInt(info.getShort(p));
        p += 2;
        long abbrevOffset;
        int addressSize;
        int unitType = 1;
        if (version >= 5) {
            unitType = info.get(p) & 0xff;
            addressSize = info.get(p + 1) & 0xff;
            abbrevOffset = offsetSize == 8 ? info.getLong(p + 2) : Integer.toUnsignedLong(info.getInt(p + 2));
            p += 2 + offsetSize;
            // DW_UT_skeleton / split_compile: dwo_id; DW_UT_type / split_type: signature and type offset
            p += unitType == 4 || unitType == 5 ? 8 : unitType == 2 || unitType == 6 ? 8 + offsetSize : 0;
        } else {
            abbrevOffset = offsetSize == 8 ? info.getLong(p) : Integer.toUnsignedLong(info.getInt(p));
            addressSize = info.get(p + offsetSize) & 0xff;
            p += offsetSize + 1;
        }
        DwarfAbbrevs abbrevs = owner.abbrevTables.computeIfAbsent(abbrevOffset, o -> DwarfAbbrevs.scan(owner.sections.abbrev(), o));
        DwarfUnit u = new DwarfUnit(owner, at, (int) end, version, addressSize, offsetSize, p, abbrevs);
        if (version >= 2 && version <= 5 && (addressSize == 4 || addressSize == 8) && unitType == 1) {
            u.readTop();
        }
        return u;
    }

    // DW_AT_language, low_pc, high_pc, ranges, str_offsets_base, addr_base, rnglists_base of the unit entry
    private void readTop() {
        Reader r = new Reader(this, owner.sections.info(), firstDie);
        Abbrev a = abbrevs.get(r.uleb());
        if (a == null) {
            return;
        }
        long[] low = null;
        long[] high = null;
        long[] rangesAttr = null;
        for (int i = 0; i < a.attrs.length; i++) {
            int form = r.form(a.forms[i], a.consts[i]);
            switch (a.attrs[i]) {
                case 0x13 -> language = (int) r.constant(form);
                case 0x11 -> low = new long[] {form, r.raw(form)};
                case 0x12 -> high = new long[] {form, r.raw(form)};
                case 0x55 -> rangesAttr = new long[] {form, r.raw(form)};
                case 0x72 -> strOffsetsBase = r.constant(form);
                case 0x73 -> addrBase = r.constant(form);
                case 0x74 -> rnglistsBase = r.constant(form);
                default -> r.skip(form);
            }
        }
        // the bases are known only now: resolve indexed addresses and range lists
        if (low != null) {
            baseAddress = r.resolveAddress((int) low[0], low[1]);
        }
        if (rangesAttr != null) {
            ranges = r.rangeList((int) rangesAttr[0], rangesAttr[1]);
        } else if (low != null && high != null) {
            long h = isAddressForm((int) high[0]) ? r.resolveAddress((int) high[0], high[1]) : baseAddress + high[1];
            ranges = List.<long[]>of(new long[] {baseAddress, h});
        }
    }

    /** Every function entry of the unit. */
    DwarfFunctions.ParsedUnit parseFunctions() {
        List<DwarfFunctions.Die> functions = new ArrayList<>();
        Map<Integer, DwarfFunctions.Die> byOffset = new HashMap<>();
        if (ranges.isEmpty() && language == 0) {
            return new DwarfFunctions.ParsedUnit(functions, byOffset);
        }
        Reader r = new Reader(this, owner.sections.info(), firstDie);
        while (r.pos < end) {
            int dieOffset = r.pos;
            DwarfFunctions.Die d = entry(r);
            if (d != null) {
                byOffset.put(dieOffset, d);
                if (!d.ranges.isEmpty()) {
                    functions.add(d);
                }
            }
        }
        return new DwarfFunctions.ParsedUnit(functions, byOffset);
    }

    // Reads one entry (a method per entry: the JIT compiles it after a few hundred calls, a long loop much later);
    // returns it if it is a function, else null.
    private DwarfFunctions.Die entry(Reader r) {
        int dieOffset = r.pos;
        long code = r.uleb();
        if (code == 0) {
            return null;
        }
        Abbrev a = abbrevs.get(code);
        if (a == null) {
            throw new IllegalArgumentException("unknown abbreviation " + code + " at .debug_info+0x" + Integer.toHexString(dieOffset));
        }
        if (!DwarfFunctions.Die.isFunction(a.tag)) {
            for (int i = 0; i < a.attrs.length; i++) {
                r.skip(r.form(a.forms[i], a.consts[i]));
            }
            return null;
        }
        DwarfFunctions.Die d = new DwarfFunctions.Die(this);
        long[] high = new long[3];
        for (int i = 0; i < a.attrs.length; i++) {
            int form = r.form(a.forms[i], a.consts[i]);
            if (!d.take(a.attrs[i], form, r, high)) {
                r.skip(form);
            }
        }
        if (d.ranges.isEmpty() && high[2] == 1 && d.lowPc != 0) {
            long h = high[1] == 1 ? high[0] : d.lowPc + high[0];
            d.ranges = List.<long[]>of(new long[] {d.lowPc, h});
        } else if (!d.ranges.isEmpty()) {
            d.lowPc = d.ranges.get(0)[0];
        }
        return d;
    }

    static boolean isAddressForm(int form) {
        return form == 0x01 || form == 0x1b || (form >= 0x29 && form <= 0x2c) || form == 0x1f01;
    }

    boolean nonMangledLanguage() {
        return NON_MANGLED.contains(language);
    }

    int offset() {
        return offset;
    }

    int end() {
        return end;
    }

    List<long[]> ranges() {
        return ranges;
    }

    /** A cursor over .debug_info (or .debug_abbrev) reading the forms of this unit. */
    static final class Reader {
        private final DwarfUnit u;
        private final ByteBuffer b;
        int pos;
        private long implicit;

        Reader(DwarfUnit unit, ByteBuffer b, int pos) {
            this.u = unit;
            this.b = b;
            this.pos = pos;
        }

        long uleb() {
            long result = 0;
            int shift = 0;
            while (true) {
                int x = b.get(pos++) & 0xff;
                if (shift < 64) {
                    result |= (long) (x & 0x7f) << shift;
                }
                shift += 7;
                if ((x & 0x80) == 0) {
                    return result;
                }
            }
        }

        long sleb() {
            long result = 0;
            int shift = 0;
            int x;
            do {
                x = b.get(pos++) & 0xff;
                if (shift < 64) {
                    result |= (long) (x & 0x7f) << shift;
                }
                shift += 7;
            } while ((x & 0x80) != 0);
            return shift < 64 && (x & 0x40) != 0 ? result | (-1L << shift) : result;
        }

        private long fixed(int size) {
            long v = switch (size) {
                case 1 -> b.get(pos) & 0xffL;
                case 2 -> b.getShort(pos) & 0xffffL;
                case 3 -> (b.getShort(pos) & 0xffffL) | (b.get(pos + 2) & 0xffL) << 16;
                case 4 -> b.getInt(pos) & 0xffffffffL;
                case 8 -> b.getLong(pos);
                default -> throw new IllegalArgumentException("size " + size);
            };
            pos += size;
            return v;
        }

        /** The form to read, resolving DW_FORM_indirect and remembering an implicit constant. */
        int form(int form, long implicitConst) {
            implicit = implicitConst;
            return form == 0x16 ? (int) uleb() : form;
        }

        /** The value of a form as a number (an offset, index, address or constant); strings and blocks skipped. */
        long raw(int form) {
            return switch (form) {
                case 0x01 -> fixed(u.addressSize);
                case 0x05, 0x12 -> fixed(2);
                case 0x06, 0x13, 0x1c -> fixed(4);
                case 0x07, 0x14, 0x20, 0x24 -> fixed(8);
                case 0x0b, 0x0c, 0x11, 0x25, 0x29 -> fixed(1);
                case 0x26, 0x2a -> fixed(2);
                case 0x27, 0x2b -> fixed(3);
                case 0x28, 0x2c -> fixed(4);
                case 0x0d -> sleb();
                case 0x0f, 0x15, 0x1a, 0x1b, 0x22, 0x23, 0x1f01, 0x1f02 -> uleb();
                case 0x0e, 0x17, 0x1d, 0x1f, 0x1f20, 0x1f21 -> fixed(u.offsetSize);
                case 0x10 -> fixed(u.version <= 2 ? u.addressSize : u.offsetSize);
                case 0x19 -> 1;
                case 0x21 -> implicit;
                default -> {
                    skip(form);
                    yield 0;
                }
            };
        }

        void skip(int form) {
            switch (form) {
                case 0x08 -> {
                    while (b.get(pos) != 0) {
                        pos++;
                    }
                    pos++;
                }
                // a block: its length, then that many bytes (read the length first: "pos += uleb()" would use the old pos)
                case 0x03, 0x04, 0x09, 0x18, 0x0a -> {
                    long length = form == 0x03 ? fixed(2) : form == 0x04 ? fixed(4) : form == 0x0a ? fixed(1) : uleb();
                    pos = Math.addExact(pos, (int) length);
                }
                case 0x1e -> pos += 16;
                case 0x01, 0x05, 0x06, 0x07, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x17, 0x19, 0x1a,
                        0x1b, 0x1c, 0x1d, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c,
                        0x1f01, 0x1f02, 0x1f20, 0x1f21 -> raw(form);
                default -> throw new IllegalArgumentException("unknown attribute form 0x" + Integer.toHexString(form) + " at .debug_info+0x"
                        + Integer.toHexString(pos));
            }
        }

        long constant(int form) {
            return raw(form);
        }

        String string(int form) {
            DwarfFunctions.DwarfSections s = u.owner.sections;
            switch (form) {
                case 0x08 -> {
                    int start = pos;
                    skip(form);
                    return ElfSections.cString(b, start, pos);
                }
                case 0x0e -> {
                    return at(s.str(), raw(form));
                }
                case 0x1f -> {
                    return at(s.lineStr(), raw(form));
                }
                case 0x1a, 0x25, 0x26, 0x27, 0x28, 0x1f02 -> {
                    long index = raw(form);
                    long at = u.strOffsetsBase + index * u.offsetSize;
                    ByteBuffer offsets = s.strOffsets();
                    long off = u.offsetSize == 8 ? offsets.getLong((int) at) : Integer.toUnsignedLong(offsets.getInt((int) at));
                    return at(s.str(), off);
                }
                default -> {
                    skip(form);
                    return null;
                }
            }
        }

        private static String at(ByteBuffer strings, long offset) {
            return offset < 0 || offset >= strings.limit() ? null : ElfSections.cString(strings, offset, strings.limit());
        }

        /** An entry's offset in .debug_info, or -1 for references into other files. */
        long reference(int form) {
            long v = raw(form);
            return switch (form) {
                case 0x11, 0x12, 0x13, 0x14, 0x15 -> u.offset + v;
                case 0x10 -> v;
                default -> -1;
            };
        }

        long address(int form) {
            return resolveAddress(form, raw(form));
        }

        long resolveAddress(int form, long value) {
            if (form == 0x01 || !isAddressForm(form)) {
                return value;
            }
            ByteBuffer addr = u.owner.sections.addr();
            int at = (int) (u.addrBase + value * u.addressSize);
            return u.addressSize == 8 ? addr.getLong(at) : Integer.toUnsignedLong(addr.getInt(at));
        }

        List<long[]> ranges(int form) {
            return rangeList(form, raw(form));
        }

        List<long[]> rangeList(int form, long value) {
            return u.version >= 5 ? DwarfRanges.rnglist(u, this, form, value) : DwarfRanges.ranges(u, value);
        }
    }

    int addressSize() {
        return addressSize;
    }

    int offsetSize() {
        return offsetSize;
    }

    long baseAddress() {
        return baseAddress;
    }

    long rnglistsBase() {
        return rnglistsBase;
    }

    DwarfFunctions owner() {
        return owner;
    }
}
