package dev.offheap.parse.symbols;

import dev.offheap.model.InputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The section headers of an ELF64 little-endian file ({@code readelf -S}), with their names and contents; sections
 * compressed with zlib ({@code SHF_COMPRESSED}, as in Debian's detached debug files) are inflated on request.
 */
public final class ElfSections {
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_NOTE = 7;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_DYNSYM = 11;
    private static final long SHF_ALLOC = 0x2;
    private static final long SHF_COMPRESSED = 0x800;
    private static final int ELFCOMPRESS_ZLIB = 1;

    /** One Elf64_Shdr. */
    public record Section(String name, int type, long flags, long addr, long offset, long size, int link, long entsize) {
    }

    private final ByteBuffer image;
    private final String source;
    private final List<Section> sections;

    private ElfSections(ByteBuffer image, String source, List<Section> sections) {
        this.image = image;
        this.source = source;
        this.sections = sections;
    }

    public static ElfSections parse(ByteBuffer image, String source) {
        ByteBuffer b = image.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        // e_ident: 0x7f 'E' 'L' 'F', EI_CLASS 2 (64-bit), EI_DATA 1 (little-endian)
        if (b.limit() < 64 || b.getInt(0) != 0x464c457f || b.get(4) != 2 || b.get(5) != 1) {
            throw new InputException(source + ": not a little-endian ELF64 file");
        }
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
        int shnum = Short.toUnsignedInt(b.getShort(0x3c));
        int shstrndx = Short.toUnsignedInt(b.getShort(0x3e));
        if (shoff <= 0 || shentsize < 64 || !inside(shoff, (long) shentsize * shnum, b.limit())) {
            throw new InputException(source + ": section header table at offset " + shoff + " lies outside the file (" + b.limit() + " bytes)");
        }
        List<Section> raw = new ArrayList<>(shnum);
        for (int i = 0; i < shnum; i++) {
            int at = (int) (shoff + (long) i * shentsize);
            // Elf64_Shdr: name, type, flags, addr, offset, size, link, info, addralign, entsize
            raw.add(new Section(Integer.toString(b.getInt(at)), b.getInt(at + 4), b.getLong(at + 8), b.getLong(at + 16),
                    b.getLong(at + 24), b.getLong(at + 32), b.getInt(at + 40), b.getLong(at + 56)));
        }
        List<Section> named = new ArrayList<>(shnum);
        Section names = shstrndx < raw.size() ? raw.get(shstrndx) : null;
        for (Section s : raw) {
            String name = names == null || !inside(names.offset, names.size, b.limit()) ? ""
                    : cString(b, names.offset + Integer.toUnsignedLong(Integer.parseInt(s.name)), names.offset + names.size);
            named.add(new Section(name, s.type, s.flags, s.addr, s.offset, s.size, s.link, s.entsize));
        }
        return new ElfSections(b, source, List.copyOf(named));
    }

    /** Whether {@code size} bytes from {@code offset} (both from the file, either may be corrupt) lie within {@code limit}. */
    static boolean inside(long offset, long size, long limit) {
        return offset >= 0 && size >= 0 && offset <= limit && size <= limit - offset;
    }

    public List<Section> all() {
        return sections;
    }

    public ByteBuffer image() {
        return image;
    }

    /** The first section of that name. */
    public Optional<Section> named(String name) {
        return sections.stream().filter(s -> s.name.equals(name)).findFirst();
    }

    /** The index of the allocated section whose addresses hold {@code vaddr}, or -1. */
    public int indexContaining(long vaddr) {
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            if ((s.flags & SHF_ALLOC) != 0 && s.size > 0 && vaddr >= s.addr && vaddr - s.addr < s.size) {
                return i;
            }
        }
        return -1;
    }

    /** The bytes of a section (inflated if compressed), little-endian; empty when absent or without file contents. */
    public Optional<ByteBuffer> contents(String name) {
        Optional<Section> s = named(name);
        if (s.isEmpty() || s.get().type == SHT_NOBITS) {
            return Optional.empty();
        }
        Section sec = s.get();
        if (!inside(sec.offset, sec.size, image.limit())) {
            throw new InputException(source + ": section " + name + " lies outside the file");
        }
        ByteBuffer raw = image.slice((int) sec.offset, (int) sec.size).order(ByteOrder.LITTLE_ENDIAN);
        if ((sec.flags & SHF_COMPRESSED) == 0) {
            return Optional.of(raw);
        }
        // Elf64_Chdr: ch_type (4), reserved (4), ch_size (8), ch_addralign (8), then the compressed stream
        if (raw.limit() < 24 || raw.getInt(0) != ELFCOMPRESS_ZLIB) {
            return Optional.empty();
        }
        long size = raw.getLong(8);
        // zlib's deflate expands at most 1032:1, so a larger claimed size is a corrupt header, not a reason to allocate
        if (size < 0 || size > Integer.MAX_VALUE - 16 || size > 1032L * (raw.limit() - 24) + 1024) {
            throw new InputException(source + ": section " + name + " claims " + size + " bytes uncompressed from "
                    + (raw.limit() - 24) + " compressed");
        }
        byte[] out = new byte[(int) size];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(raw.slice(24, raw.limit() - 24));
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != out.length) {
                throw new InputException(source + ": section " + name + " inflates to " + n + " bytes, expected " + size);
            }
        } catch (DataFormatException e) {
            throw new InputException(source + ": section " + name + ": bad zlib data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        return Optional.of(ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN));
    }

    static String cString(ByteBuffer b, long from, long limit) {
        if (from < 0 || from >= Math.min(limit, b.limit())) {
            return "";
        }
        limit = Math.min(limit, b.limit());
        int end = (int) from;
        while (end < limit && b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - (int) from];
        b.get((int) from, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
