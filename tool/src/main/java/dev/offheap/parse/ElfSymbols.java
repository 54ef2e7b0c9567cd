package dev.offheap.parse;

import dev.offheap.model.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The function symbols of an ELF64 little-endian file (a shared library or executable, as {@code nm} and
 * {@code readelf -s} show them): {@code .symtab} when present (it also names static functions, e.g. zstd's
 * internals), else {@code .dynsym}; plus its PT_LOAD segments (to turn a file offset into a virtual address) and
 * its GNU build-id. Addresses are link-time virtual addresses; the caller subtracts the load bias.
 */
public final class ElfSymbols {
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_NOTE = 7;
    private static final int SHT_DYNSYM = 11;
    private static final int STT_FUNC = 2;
    private static final int STT_GNU_IFUNC = 10;
    private static final int NT_GNU_BUILD_ID = 3;

    private final long[] starts;
    private final long[] sizes;
    private final String[] names;
    private final List<ElfLoadSegments.Segment> segments;
    private final String buildId;

    private ElfSymbols(long[] starts, long[] sizes, String[] names, List<ElfLoadSegments.Segment> segments, String buildId) {
        this.starts = starts;
        this.sizes = sizes;
        this.names = names;
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
        ByteBuffer b = image.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        // e_ident: 0x7f 'E' 'L' 'F', EI_CLASS 2 (64-bit), EI_DATA 1 (little-endian)
        if (b.limit() < 64 || b.getInt(0) != 0x464c457f || b.get(4) != 2 || b.get(5) != 1) {
            throw new InputException(source + ": not a little-endian ELF64 file");
        }
        byte[] head = new byte[(int) Math.min(b.limit(), 64 * 1024)];
        b.get(0, head);
        List<ElfLoadSegments.Segment> segments = ElfLoadSegments.parse(head);
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
        int shnum = Short.toUnsignedInt(b.getShort(0x3c));
        if (shoff <= 0 || shentsize < 64 || shoff + (long) shentsize * shnum > b.limit()) {
            throw new InputException(source + ": section header table at offset " + shoff + " lies outside the file (" + b.limit() + " bytes)");
        }
        Section symtab = null;
        Section dynsym = null;
        String buildId = null;
        for (int i = 0; i < shnum; i++) {
            // Elf64_Shdr: name, type, flags, addr, offset, size, link, info, addralign, entsize
            Section s = Section.at(b, (int) (shoff + (long) i * shentsize));
            if (s.type == SHT_SYMTAB) {
                symtab = s;
            } else if (s.type == SHT_DYNSYM) {
                dynsym = s;
            } else if (s.type == SHT_NOTE && buildId == null) {
                buildId = buildId(b, s);
            }
        }
        Section chosen = symtab != null ? symtab : dynsym;
        List<Symbol> symbols = new ArrayList<>();
        if (chosen != null && chosen.link < shnum) {
            Section strings = Section.at(b, (int) (shoff + (long) chosen.link * shentsize));
            readSymbols(b, chosen, strings, symbols, source);
        }
        return build(symbols, segments, buildId);
    }

    private record Symbol(long start, long size, String name, boolean local) {
    }

    private record Section(int type, long offset, long size, int link, long entsize) {
        static Section at(ByteBuffer b, int at) {
            return new Section(b.getInt(at + 4), b.getLong(at + 24), b.getLong(at + 32), b.getInt(at + 40), b.getLong(at + 56));
        }
    }

    private static void readSymbols(ByteBuffer b, Section table, Section strings, List<Symbol> out, String source) {
        if (table.offset + table.size > b.limit() || strings.offset + strings.size > b.limit() || table.entsize < 24) {
            throw new InputException(source + ": symbol table at offset " + table.offset + " lies outside the file");
        }
        long count = table.size / table.entsize;
        for (long i = 0; i < count; i++) {
            int at = (int) (table.offset + i * table.entsize);
            // Elf64_Sym: name (4), info (1), other (1), shndx (2), value (8), size (8)
            int type = b.get(at + 4) & 0xf;
            int shndx = Short.toUnsignedInt(b.getShort(at + 6));
            long value = b.getLong(at + 8);
            if ((type == STT_FUNC || type == STT_GNU_IFUNC) && shndx != 0 && value != 0) {
                String name = cString(b, strings.offset + Integer.toUnsignedLong(b.getInt(at)), strings.offset + strings.size);
                boolean local = (b.get(at + 4) & 0xff) >>> 4 == 0;
                out.add(new Symbol(value, b.getLong(at + 16), name, local));
            }
        }
    }

    private static String buildId(ByteBuffer b, Section note) {
        long at = note.offset;
        long end = Math.min(note.offset + note.size, b.limit());
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

    private static String cString(ByteBuffer b, long from, long limit) {
        int end = (int) from;
        while (end < limit && b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - (int) from];
        b.get((int) from, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ElfSymbols build(List<Symbol> symbols, List<ElfLoadSegments.Segment> segments, String buildId) {
        // several names for one address (aliases such as ___dlopen/dlopen_implementation): keep the one jeprof shows,
        // the last in `nm -n` order (ties sorted by name, byte order in the C locale)
        symbols.sort((x, y) -> x.start != y.start ? Long.compareUnsigned(x.start, y.start) : y.name.compareTo(x.name));
        List<Symbol> unique = new ArrayList<>(symbols.size());
        for (Symbol s : symbols) {
            if (unique.isEmpty() || unique.get(unique.size() - 1).start != s.start) {
                unique.add(s);
            }
        }
        int n = unique.size();
        long[] starts = new long[n];
        long[] sizes = new long[n];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            starts[i] = unique.get(i).start;
            sizes[i] = unique.get(i).size;
            names[i] = unique.get(i).name;
        }
        return new ElfSymbols(starts, sizes, names, List.copyOf(segments), buildId);
    }

    /**
     * The function containing link-time address {@code vaddr}. A symbol of size 0 (hand-written assembly) covers up
     * to the next symbol, as jeprof and addr2line treat it.
     */
    public Optional<String> lookup(long vaddr) {
        int i = Arrays.binarySearch(starts, vaddr);
        if (i < 0) {
            i = -i - 2;
        }
        if (i < 0) {
            return Optional.empty();
        }
        boolean inside = sizes[i] == 0 ? i + 1 >= starts.length || vaddr < starts[i + 1] : vaddr < starts[i] + sizes[i];
        return inside ? Optional.of(names[i]) : Optional.empty();
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

    /**
     * This file's segments with the symbols of its separate debug file (found by build-id under
     * /usr/lib/debug/.build-id, as gdb and addr2line do), which has the .symtab the shipped file was stripped of.
     */
    public ElfSymbols withSymbolsOf(ElfSymbols debug) {
        return new ElfSymbols(debug.starts, debug.sizes, debug.names, segments, buildId);
    }

    /** The GNU build-id in hex, or null when the file has none. */
    public String buildId() {
        return buildId;
    }

    public int size() {
        return names.length;
    }
}
