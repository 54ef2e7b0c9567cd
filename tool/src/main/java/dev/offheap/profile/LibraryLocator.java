package dev.offheap.profile;

import dev.offheap.files.OwnerOnly;
import dev.offheap.model.Mapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a readable copy of a mapped file: a file of the same name in a library folder ({@code --lib-dir}, or the
 * {@code libs/} copies {@code offheap run} saves), the live process's own mapping through
 * {@code /proc/PID/map_files/START-END} (the only way to a library extracted and deleted, while the process lives;
 * the inode must match), or the file at its path when it was not deleted.
 */
public final class LibraryLocator implements Symbolizer.LibraryFiles {
    private final List<Path> libDirs;
    private final Long pid;

    public LibraryLocator(List<Path> libDirs, Long pid) {
        this.libDirs = List.copyOf(libDirs);
        this.pid = pid;
    }

    @Override
    public Optional<Path> locate(Mapping m) {
        if (m.path().indexOf('\0') >= 0) {
            return Optional.empty(); // no file has such a name (a corrupt map from a file): nothing to symbolize from
        }
        String name = m.path().substring(m.path().lastIndexOf('/') + 1);
        for (Path dir : libDirs) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        if (pid != null) {
            Path live = mapFile(pid, m);
            if (sameInode(live, m.inode())) {
                return Optional.of(live);
            }
            Path inRoot = Path.of("/proc/" + pid + "/root" + m.path());
            if (!m.deleted() && sameInode(inRoot, m.inode())) {
                return Optional.of(inRoot);
            }
        }
        Path p = Path.of(m.path());
        return !m.deleted() && Files.isRegularFile(p) && sameInode(p, m.inode()) ? Optional.of(p) : Optional.empty();
    }

    /** {@code /proc/PID/map_files/START-END} of a mapping, as the kernel names it (lower-case hex, no zero padding). */
    public static Path mapFile(long pid, Mapping m) {
        return Path.of("/proc/" + pid + "/map_files/" + Long.toHexString(m.startAddress()) + "-" + Long.toHexString(m.endAddress()));
    }

    private static boolean sameInode(Path p, long inode) {
        try {
            return Files.isRegularFile(p) && (inode == 0 || ((Number) Files.getAttribute(p, "unix:ino")).longValue() == inode);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Copies every deleted file-backed mapping of a live process into {@code dir} (once per name); returns the names copied. */
    public static List<String> saveDeleted(long pid, List<Mapping> mappings, Path dir) {
        List<String> saved = new ArrayList<>();
        for (Mapping m : mappings) {
            if (!m.deleted() || !m.isFileBacked() || m.offset() != 0) {
                continue;
            }
            String name = m.path().substring(m.path().lastIndexOf('/') + 1);
            Path to = dir.resolve(name);
            if (Files.exists(to)) {
                continue;
            }
            try {
                OwnerOnly.createDirectories(dir);
                OwnerOnly.copy(mapFile(pid, m), to);
                saved.add(name);
            } catch (IOException | SecurityException e) {
                // not readable (permissions) or gone: that library's frames stay unnamed
            }
        }
        return saved;
    }
}
