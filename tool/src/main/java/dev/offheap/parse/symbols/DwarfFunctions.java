package dev.offheap.parse.symbols;

import dev.offheap.model.InputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The functions of the DWARF 2-5 debug information of an ELF file ({@code readelf --debug-dump=info}; Debian ships it
 * in detached files such as libc6-dbg's): for an address, the innermost function holding it, an inlined copy
 * ({@code DW_TAG_inlined_subroutine}) or the function itself ({@code DW_TAG_subprogram}), named as addr2line names it
 * (linkage name first, else the name, through abstract origins and specifications). Compile units are read on demand.
 */
public final class DwarfFunctions {
    /** A function: its name, whether that is a linkage name (else addr2line asks the symbol table), its first address. */
    public record Function(String name, boolean linkage, long lowPc) {
    }

    private static final int TAG_ENTRY_POINT = 0x03;
    private static final int TAG_INLINED_SUBROUTINE = 0x1d;
    private static final int TAG_SUBPROGRAM = 0x2e;
    private static final int AT_NAME = 0x03;
    private static final int AT_LOW_PC = 0x11;
    private static final int AT_HIGH_PC = 0x12;
    private static final int AT_ABSTRACT_ORIGIN = 0x31;
    private static final int AT_SPECIFICATION = 0x47;
    private static final int AT_RANGES = 0x55;
    private static final int AT_LINKAGE_NAME = 0x6e;
    private static final int AT_MIPS_LINKAGE_NAME = 0x2007;

    final DwarfSections sections;
    private final List<DwarfUnit> units = new ArrayList<>();
    private final long[] unitOffsets;
    private final Intervals unitRanges;
    private final Map<Integer, ParsedUnit> parsed = new HashMap<>();
    final Map<Long, DwarfAbbrevs> abbrevTables = new HashMap<>();

    private DwarfFunctions(DwarfSections sections) {
        this.sections = sections;
        ByteBuffer info = sections.info();
        int at = 0;
        List<long[]> ranges = new ArrayList<>();
        while (at + 11 <= info.limit()) {
            DwarfUnit u = DwarfUnit.header(this, at);
            if (u == null) {
                break;
            }
            units.add(u);
            for (long[] r : u.ranges()) {
                ranges.add(new long[] {r[0], r[1], units.size() - 1});
            }
            at = u.end();
        }
        unitOffsets = new long[units.size()];
        for (int i = 0; i < unitOffsets.length; i++) {
            unitOffsets[i] = units.get(i).offset();
        }
        unitRanges = new Intervals(ranges);
    }

    /** The debug information of a file, or empty when it has no .debug_info (or only in a form not read here). */
    public static Optional<DwarfFunctions> of(ElfSections elf) {
        Optional<ByteBuffer> info = elf.contents(".debug_info");
        Optional<ByteBuffer> abbrev = elf.contents(".debug_abbrev");
        if (info.isEmpty() || abbrev.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer empty = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        DwarfSections s = new DwarfSections(info.get(), abbrev.get(), elf.contents(".debug_str").orElse(empty),
                elf.contents(".debug_line_str").orElse(empty), elf.contents(".debug_str_offsets").orElse(empty),
                elf.contents(".debug_addr").orElse(empty), elf.contents(".debug_rnglists").orElse(empty),
                elf.contents(".debug_ranges").orElse(empty));
        try {
            return Optional.of(new DwarfFunctions(s));
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new InputException("corrupt DWARF debug information: " + e.getMessage(), e);
        }
    }

    public int unitCount() {
        return units.size();
    }

    /**
     * The innermost function whose address ranges hold {@code vaddr}: of those, the one with the smallest range, the
     * later in the file on a tie (binutils' lookup_address_in_function_table).
     */
    public Optional<Function> lookup(long vaddr) {
        try {
            for (int unit : unitRanges.holding(vaddr)) {
                ParsedUnit p = parsed(unit);
                int best = -1;
                long bestLength = Long.MAX_VALUE;
                for (int f : p.ranges.holding(vaddr)) {
                    long length = p.lengthOf(f, vaddr);
                    if (length < bestLength || length == bestLength && f > best) {
                        best = f;
                        bestLength = length;
                    }
                }
                if (best >= 0) {
                    Die die = p.functions.get(best);
                    String[] name = resolve(die, 0);
                    if (name[0] != null) {
                        return Optional.of(new Function(name[0], name[1] != null, die.lowPc));
                    }
                }
            }
            return Optional.empty();
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new InputException("corrupt DWARF debug information: " + e.getMessage(), e);
        }
    }

    /** {name, "linkage" or null}: the linkage name wins, then what the origin/specification names, then DW_AT_name. */
    private String[] resolve(Die die, int depth) {
        if (die.linkageName != null) {
            return new String[] {die.linkageName, "linkage"};
        }
        for (long ref : new long[] {die.origin, die.specification}) {
            if (ref >= 0 && depth < 8) {
                Die target = dieAt(ref);
                if (target != null) {
                    String[] r = resolve(target, depth + 1);
                    if (r[0] != null) {
                        return r;
                    }
                }
            }
        }
        // a C unit's DW_AT_name is its symbol name; a C++ one's is not (addr2line then asks the symbol table)
        return new String[] {die.name, die.name != null && die.unit.nonMangledLanguage() ? "linkage" : null};
    }

    private Die dieAt(long offset) {
        int i = Arrays.binarySearch(unitOffsets, offset);
        int unit = i >= 0 ? i : -i - 2;
        if (unit < 0) {
            return null;
        }
        return parsed(unit).byOffset.get((int) offset);
    }

    private ParsedUnit parsed(int unit) {
        return parsed.computeIfAbsent(unit, u -> units.get(u).parseFunctions());
    }

    /** A function-like DIE (subprogram, inlined subroutine, entry point), with or without addresses. */
    static final class Die {
        final DwarfUnit unit;
        String name;
        String linkageName;
        long origin = -1;
        long specification = -1;
        long lowPc;
        List<long[]> ranges = List.of();

        Die(DwarfUnit unit) {
            this.unit = unit;
        }

        static boolean isFunction(int tag) {
            return tag == TAG_SUBPROGRAM || tag == TAG_INLINED_SUBROUTINE || tag == TAG_ENTRY_POINT;
        }

        /** Takes one attribute; returns false if it is none of those a function needs. */
        boolean take(int attr, int form, DwarfUnit.Reader r, long[] high) {
            switch (attr) {
                case AT_NAME -> name = r.string(form);
                case AT_LINKAGE_NAME, AT_MIPS_LINKAGE_NAME -> linkageName = r.string(form);
                case AT_ABSTRACT_ORIGIN -> origin = r.reference(form);
                case AT_SPECIFICATION -> specification = r.reference(form);
                case AT_LOW_PC -> lowPc = r.address(form);
                case AT_HIGH_PC -> {
                    high[0] = r.address(form);
                    high[1] = DwarfUnit.isAddressForm(form) ? 1 : 0;
                    high[2] = 1;
                }
                case AT_RANGES -> ranges = r.ranges(form);
                default -> {
                    return false;
                }
            }
            return true;
        }
    }

    /** The functions of one unit: those with addresses (for lookup), all by offset (for names). */
    static final class ParsedUnit {
        final List<Die> functions;
        final Map<Integer, Die> byOffset;
        final Intervals ranges;

        ParsedUnit(List<Die> functions, Map<Integer, Die> byOffset) {
            this.functions = functions;
            this.byOffset = byOffset;
            List<long[]> all = new ArrayList<>();
            for (int i = 0; i < functions.size(); i++) {
                for (long[] r : functions.get(i).ranges) {
                    all.add(new long[] {r[0], r[1], i});
                }
            }
            this.ranges = new Intervals(all);
        }

        long lengthOf(int function, long vaddr) {
            for (long[] r : functions.get(function).ranges) {
                if (vaddr >= r[0] && vaddr < r[1]) {
                    return r[1] - r[0];
                }
            }
            return Long.MAX_VALUE;
        }
    }

    /** Address intervals [start, end) tagged with an index; finds those holding an address. */
    static final class Intervals {
        private final long[][] sorted;
        private final long[] maxEnd;

        Intervals(List<long[]> intervals) {
            List<long[]> nonEmpty = new ArrayList<>(intervals.size());
            for (long[] r : intervals) {
                if (r[1] > r[0]) {
                    nonEmpty.add(r);
                }
            }
            sorted = nonEmpty.toArray(new long[0][]);
            // stable: of intervals with the same start, the earlier stays first
            Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
            maxEnd = new long[sorted.length];
            long max = Long.MIN_VALUE;
            for (int i = 0; i < sorted.length; i++) {
                max = Math.max(max, sorted[i][1]);
                maxEnd[i] = max;
            }
        }

        List<Integer> holding(long vaddr) {
            int lo = 0;
            int hi = sorted.length - 1;
            int last = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid][0] <= vaddr) {
                    last = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            List<Integer> out = new ArrayList<>(2);
            for (int i = last; i >= 0 && maxEnd[i] > vaddr; i--) {
                if (vaddr < sorted[i][1] && !out.contains((int) sorted[i][2])) {
                    out.add((int) sorted[i][2]);
                }
            }
            return out;
        }
    }

    /** The debug sections a lookup reads. */
    record DwarfSections(ByteBuffer info, ByteBuffer abbrev, ByteBuffer str, ByteBuffer lineStr, ByteBuffer strOffsets,
            ByteBuffer addr, ByteBuffer rnglists, ByteBuffer ranges) {
    }
}
