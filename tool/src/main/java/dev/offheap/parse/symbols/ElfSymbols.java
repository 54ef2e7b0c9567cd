package dev.offheap.parse.symbols;

import dev.offheap.model.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The code symbols of an ELF64 little-endian file (a shared library, an executable or its detached debug file, as
 * {@code nm} and {@code readelf -s} show them): {@code .symtab} when present (it also names static functions, e.g.
 * zstd's internals), else {@code .dynsym}; plus its PT_LOAD segments (to turn a file offset into a virtual address),
 * its GNU build-id and, when it has them, its DWARF functions. Addresses are link-time virtual addresses.
 * Where several symbols share an address, {@link #symbolAt} chooses as addr2line does and {@link #nmNameAt} as
 * jeprof reads {@code nm -n}.
 */
public final class ElfSymbols {
    private static final int STT_NOTYPE = 0;
    private static final int STT_FUNC = 2;
    private static final int STT_GNU_IFUNC = 10;
    private static final int STB_LOCAL = 0;
    private static final int STB_GLOBAL = 1;
    private static final int STV_HIDDEN = 2;
    private static final int NT_GNU_BUILD_ID = 3;

    /** A code symbol; {@code nameAt}: where its name starts in the file; {@code order}: its index in the symbol table. */
    record Symbol(long start, long size, int nameAt, int type, int bind, int section, int order) {
        boolean covers(long vaddr) {
            return vaddr - start < Math.max(size, 1);
        }
    }

    /** The symbol chosen for an address, and whether its size reaches that address. */
    public record Hit(String name, long start, boolean covers) {
    }

    private final Symbol[] symbols;
    private final long[] starts;
    private final ElfSections sections;
    private final long namesEnd;
    private final List<ElfLoadSegments.Segment> segments;
    private final String buildId;

    private ElfSymbols(Symbol[] symbols, ElfSections sections, long namesEnd, List<ElfLoadSegments.Segment> segments, String buildId) {
        this.symbols = symbols;
        this.starts = new long[symbols.length];
        for (int i = 0; i < symbols.length; i++) {
            starts[i] = symbols[i].start;
        }
        this.sections = sections;
        this.namesEnd = namesEnd;
        this.segments = segments;
        this.buildId = buildId;
    }

    /** Reads a file (memory-mapped, so large libraries such as libjvm.so cost no copy). */
    public static ElfSymbols read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return parse(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()), file.toString());
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses the whole image of an ELF file; {@code source} names it in messages. */
    public static ElfSymbols parse(ByteBuffer image, String source) {
        try {
            return parseImage(image, source);
        } catch (IndexOutOfBoundsException | IllegalArgumentException | java.nio.BufferUnderflowException e) {
            // an offset or size of a header or table that points outside the file
            throw new InputException(source + ": corrupt ELF file: " + e.getMessage(), e);
        }
    }

    private static ElfSymbols parseImage(ByteBuffer image, String source) {
        ElfSections sections = ElfSections.parse(image, source);
        ByteBuffer b = sections.image();
        byte[] head = new byte[(int) Math.min(b.limit(), 64 * 1024)];
        b.get(0, head);
        List<ElfLoadSegments.Segment> segments = ElfLoadSegments.parse(head);
        List<ElfSections.Section> all = sections.all();
        int symtab = -1;
        int dynsym = -1;
        String buildId = null;
        for (int i = 0; i < all.size(); i++) {
            ElfSections.Section s = all.get(i);
            if (s.type() == ElfSections.SHT_SYMTAB) {
                symtab = i;
            } else if (s.type() == ElfSections.SHT_DYNSYM) {
                dynsym = i;
            } else if (s.type() == ElfSections.SHT_NOTE && buildId == null) {
                buildId = buildId(b, s);
            }
        }
        int chosen = symtab >= 0 ? symtab : dynsym;
        List<Symbol> symbols = new ArrayList<>();
        long namesEnd = 0;
        if (chosen >= 0 && all.get(chosen).link() < all.size()) {
            ElfSections.Section strings = all.get(all.get(chosen).link());
            readSymbols(b, all.get(chosen), strings, symbols, source);
            namesEnd = strings.offset() + strings.size();
        }
        return new ElfSymbols(byStart(symbols), sections, namesEnd, List.copyOf(segments), buildId);
    }

    /** The symbols by start address, then table order (their order in {@code read}). */
    private static Symbol[] byStart(List<Symbol> read) {
        Symbol[] out = new Symbol[read.size()];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Symbol s : read) {
            min = Math.min(min, s.start);
            max = Math.max(max, s.start);
        }
        if (out.length < 1 << 24 && (out.length == 0 || min >= 0 && max - min < 1L << 39)) {
            // a library spans far less than 2^39 bytes: sort (start - min, index) packed in one long, a primitive sort
            long[] keys = new long[out.length];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = (read.get(i).start - min) << 24 | i;
            }
            Arrays.sort(keys);
            for (int i = 0; i < keys.length; i++) {
                out[i] = read.get((int) (keys[i] & 0xffffff));
            }
            return out;
        }
        read.sort(Comparator.comparingLong(Symbol::start).thenComparingInt(Symbol::order));
        return read.toArray(out);
    }

    private static void readSymbols(ByteBuffer b, ElfSections.Section table, ElfSections.Section strings, List<Symbol> out, String source) {
        if (table.type() == ElfSections.SHT_NOBITS || !ElfSections.inside(table.offset(), table.size(), b.limit())
                || !ElfSections.inside(strings.offset(), strings.size(), b.limit()) || table.entsize() < 24) {
            throw new InputException(source + ": symbol table at offset " + table.offset() + " lies outside the file");
        }
        long count = table.size() / table.entsize();
        for (int i = 0; i < count; i++) {
            Symbol s = symbol(b, (int) (table.offset() + i * table.entsize()), i, strings);
            if (s != null) {
                out.add(s);
            }
        }
    }

    // one call per entry rather than one long loop: the JIT compiles a called method after a few hundred calls, but
    // a loop only after tens of thousands of iterations, and the 58,000 of libjvm.so's table would run interpreted
    private static Symbol symbol(ByteBuffer b, int at, int index, ElfSections.Section strings) {
        // Elf64_Sym: name (4), info (1), other (1), shndx (2), value (8), size (8)
        int info = b.get(at + 4) & 0xff;
        int type = info & 0xf;
        int bind = info >>> 4;
        int visibility = b.get(at + 5) & 0x3;
        int shndx = Short.toUnsignedInt(b.getShort(at + 6));
        long value = b.getLong(at + 8);
        long size = b.getLong(at + 16);
        // what binutils takes for a function: typed code symbols and untyped labels, not the annobin notes
        // (local, hidden, untyped, size 0); in a real section (not undefined, absolute or common)
        boolean code = type == STT_FUNC || type == STT_GNU_IFUNC
                || type == STT_NOTYPE && !(size == 0 && bind == STB_LOCAL && visibility == STV_HIDDEN);
        if (!code || shndx == 0 || shndx >= 0xff00 || value == 0) {
            return null;
        }
        // names are read when asked for: libjvm.so has 48,000 code symbols, a profile names a few hundred
        long nameAt = strings.offset() + Integer.toUnsignedLong(b.getInt(at));
        if (nameAt >= strings.offset() + strings.size() || b.get((int) nameAt) == 0) {
            return null;
        }
        return new Symbol(value, size, (int) nameAt, type, bind, shndx, index);
    }

    private static String buildId(ByteBuffer b, ElfSections.Section note) {
        if (!ElfSections.inside(note.offset(), note.size(), b.limit())) {
            return null;
        }
        long at = note.offset();
        long end = note.offset() + note.size();
        while (at + 12 <= end) {
            int nameSize = b.getInt((int) at);
            int descSize = b.getInt((int) at + 4);
            int type = b.getInt((int) at + 8);
            long desc = at + 12 + align4(nameSize);
            if (desc + descSize > end || nameSize < 0 || descSize < 0) {
                return null;
            }
            if (type == NT_GNU_BUILD_ID && nameSize == 4) {
                byte[] id = new byte[descSize];
                b.get((int) desc, id);
                return HexFormat.of().formatHex(id);
            }
            at = desc + align4(descSize);
        }
        return null;
    }

    private static long align4(int n) {
        return (n + 3L) & ~3L;
    }

    /**
     * The symbol addr2line gives for link-time address {@code vaddr} (binutils' elf_find_function): of the symbols in
     * the section holding the address, those with the highest start not above it; of these, one whose size reaches
     * the address, a function rather than a label, the smallest, the first in the table. A symbol of size 0
     * (hand-written assembly) reaches up to the next symbol.
     */
    public Optional<Hit> symbolAt(long vaddr) {
        int section = sections.indexContaining(vaddr);
        int last = lastStartAtOrBelow(vaddr);
        while (last >= 0 && symbols[last].section != section) {
            last--;
        }
        if (last < 0) {
            return Optional.empty();
        }
        int first = last;
        while (first > 0 && starts[first - 1] == starts[last]) {
            first--;
        }
        Symbol best = null;
        for (int i = first; i <= last; i++) {
            Symbol s = symbols[i];
            if (s.section == section && (best == null || betterFit(best, s, vaddr))) {
                best = s;
            }
        }
        boolean covers = best.size == 0 ? noOtherStartUpTo(best.start, vaddr) : best.covers(vaddr);
        return Optional.of(new Hit(name(best), best.start, covers));
    }

    // binutils' better_fit for a later symbol s at the address of the current best (table order)
    private static boolean betterFit(Symbol best, Symbol s, long vaddr) {
        long bestSize = Math.max(best.size, 1);
        long size = Math.max(s.size, 1);
        if (!best.covers(vaddr)) {
            return size > bestSize;
        }
        if (!s.covers(vaddr)) {
            return false;
        }
        boolean bestTyped = best.type != STT_NOTYPE;
        boolean typed = s.type != STT_NOTYPE;
        if (bestTyped != typed) {
            return typed;
        }
        return size < bestSize;
    }

    private boolean noOtherStartUpTo(long start, long vaddr) {
        int i = lastStartAtOrBelow(vaddr);
        return i < 0 || starts[i] == start;
    }

    /**
     * The name jeprof's nm pass gives the address ({@code nm -n}: by address, then name in byte order): the symbol
     * starting nearest below it, of several there the last of type t/T (a global or local function, not a weak one)
     * or, if none is, the first.
     */
    public Optional<String> nmNameAt(long vaddr) {
        int last = lastStartAtOrBelow(vaddr);
        if (last < 0) {
            return Optional.empty();
        }
        long start = starts[last];
        List<Symbol> here = new ArrayList<>();
        for (int i = last; i >= 0 && starts[i] == start; i--) {
            here.add(symbols[i]);
        }
        if (here.size() > 1) {
            here.sort(Comparator.comparing(this::nameBytes, Arrays::compareUnsigned));
        }
        Symbol chosen = here.get(0);
        for (Symbol s : here.subList(1, here.size())) {
            if (s.type != STT_GNU_IFUNC && (s.bind == STB_LOCAL || s.bind == STB_GLOBAL)) {
                chosen = s;
            }
        }
        return Optional.of(name(chosen));
    }

    private String name(Symbol s) {
        return new String(nameBytes(s), StandardCharsets.UTF_8);
    }

    private byte[] nameBytes(Symbol s) {
        ByteBuffer b = sections.image();
        int end = s.nameAt;
        while (end < namesEnd && b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - s.nameAt];
        b.get(s.nameAt, bytes);
        return bytes;
    }

    private int lastStartAtOrBelow(long vaddr) {
        int lo = 0;
        int hi = starts.length - 1;
        int last = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], vaddr) <= 0) {
                last = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return last;
    }

    /** The name of the function holding link-time address {@code vaddr} (addr2line's choice), if a symbol reaches it. */
    public Optional<String> lookup(long vaddr) {
        return symbolAt(vaddr).filter(Hit::covers).map(Hit::name);
    }

    /** The link-time address of a file offset (through the PT_LOAD segment holding it), if any segment holds it. */
    public Optional<Long> vaddrOfFileOffset(long fileOffset) {
        for (ElfLoadSegments.Segment s : segments) {
            if (fileOffset >= s.offset() && fileOffset < s.offset() + Math.max(s.fileSize(), 1)) {
                return Optional.of(fileOffset - s.offset() + s.vaddr());
            }
        }
        return Optional.empty();
    }

    /** The DWARF functions of this file, when it carries .debug_info (a detached debug file or an unstripped library). */
    public Optional<DwarfFunctions> dwarf() {
        return DwarfFunctions.of(sections);
    }

    /** The GNU build-id in hex, or null when the file has none. */
    public String buildId() {
        return buildId;
    }

    /**
     * The names of code symbols without a size (in the table read: {@code .symtab}, else {@code .dynsym}). A profiler
     * that names an address after the nearest earlier symbol when that one has no size (async-profiler does) names
     * code that no symbol covers after one of these: {@code _init} of old toolchains, hand-written assembly labels.
     */
    public java.util.Set<String> unsizedNames() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (Symbol s : symbols) {
            if (s.size == 0) {
                out.add(name(s));
            }
        }
        return out;
    }

    public int size() {
        return symbols.length;
    }
}
