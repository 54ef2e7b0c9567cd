package dev.offheap.proc;

import dev.offheap.model.JvmRegion;
import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.MemoryMap;
import dev.offheap.parse.symbols.ElfLoadSegments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The .bss ranges of a live process's shared libraries: anonymous memory the kernel may merge with other anonymous
 * mappings next to it, so it can only be told apart by the library's own program headers. Each library file is
 * read through /proc/PID/map_files (works for deleted files) or /proc/PID/root; unreadable ones are skipped.
 */
public final class LibraryBss {
    private static final long PAGE = 4096;

    private LibraryBss() {
    }

    public static List<JvmRegion> of(long pid, MemoryMap map) {
        List<JvmRegion> regions = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (Mapping m : map.mappings()) {
            if (!m.isFileBacked() || m.offset() != 0 || !done.add(m.path())) {
                continue;
            }
            byte[] head = readHead(pid, m);
            if (head == null) {
                continue;
            }
            List<ElfLoadSegments.Segment> segments = ElfLoadSegments.parse(head);
            if (segments.isEmpty()) {
                continue;
            }
            long bias = m.startAddress() - floor(segments.get(0).vaddr() - segments.get(0).offset());
            String name = m.path().substring(m.path().lastIndexOf('/') + 1);
            for (ElfLoadSegments.Segment s : segments) {
                long start = ceil(bias + s.vaddr() + s.fileSize());
                long end = ceil(bias + s.vaddr() + s.memorySize());
                if (Long.compareUnsigned(start, end) < 0) {
                    regions.add(new JvmRegion(start, end, MemoryCategory.LIBRARIES, name, "ELF .bss"));
                }
            }
        }
        return regions;
    }

    private static byte[] readHead(long pid, Mapping m) {
        Path viaMapFiles = Path.of("/proc", Long.toString(pid), "map_files",
                Long.toHexString(m.startAddress()) + "-" + Long.toHexString(m.endAddress()));
        Path viaRoot = Path.of("/proc/" + pid + "/root" + m.path());
        for (Path p : List.of(viaMapFiles, viaRoot)) {
            try (InputStream in = Files.newInputStream(p)) {
                return in.readNBytes((int) PAGE);
            } catch (IOException | SecurityException e) {
                // try the next way; a library that cannot be read keeps its .bss with its neighbours
            }
        }
        return null;
    }

    private static long floor(long v) {
        return v & -PAGE;
    }

    private static long ceil(long v) {
        return (v + PAGE - 1) & -PAGE;
    }
}
