package dev.offheap.parse.symbols;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The PT_LOAD program headers of an ELF64 file (a shared library or executable), from its first bytes. Used to
 * find each library's .bss: the part of a segment beyond its file size ({@code memsz > filesz}), which the loader
 * maps as anonymous memory right behind the file mapping.
 */
public final class ElfLoadSegments {
    private static final int PT_LOAD = 1;

    private ElfLoadSegments() {
    }

    /** One loadable segment: virtual address, offset in the file, sizes in the file and in memory. */
    public record Segment(long vaddr, long offset, long fileSize, long memorySize) {
    }

    /** The PT_LOAD segments, or an empty list when the bytes are not a little-endian ELF64 header with its table. */
    public static List<Segment> parse(byte[] head) {
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        // e_ident: 0x7f 'E' 'L' 'F', EI_CLASS 2 (64-bit), EI_DATA 1 (little-endian)
        if (head.length < 64 || b.getInt(0) != 0x464c457f || head[4] != 2 || head[5] != 1) {
            return List.of();
        }
        long phoff = b.getLong(0x20);
        int phentsize = Short.toUnsignedInt(b.getShort(0x36));
        int phnum = Short.toUnsignedInt(b.getShort(0x38));
        if (phentsize < 56 || phoff < 64 || phoff + (long) phentsize * phnum > head.length) {
            return List.of();
        }
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int at = (int) (phoff + (long) i * phentsize);
            // Elf64_Phdr: p_type, p_flags, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align
            if (b.getInt(at) == PT_LOAD) {
                segments.add(new Segment(b.getLong(at + 16), b.getLong(at + 8), b.getLong(at + 32), b.getLong(at + 40)));
            }
        }
        return segments;
    }
}
