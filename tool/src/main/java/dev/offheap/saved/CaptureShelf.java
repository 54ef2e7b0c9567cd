package dev.offheap.saved;

import dev.offheap.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder captures are saved in, kept within bounds: at most {@code keep} captures and {@code maxBytes} in all.
 * The newest capture always stays; the others go oldest first, those followed by an OOM kill (the evidence of an
 * incident) only after all the rest. A capture is written under a hidden name ({@code .partial-<offheap pid>-<name>})
 * and renamed when whole, so a capture being written is never counted, listed or pruned, and one left by an offheap
 * process that died meanwhile is removed.
 */
public final class CaptureShelf {
    static final String PARTIAL = ".partial-";

    /** One capture on the shelf: its folder, when it started (its name sorts so), its size, and whether a kill followed. */
    public record Entry(Path dir, String name, long bytes, boolean killed) {
    }

    private CaptureShelf() {
    }

    /** The captures in {@code root}, oldest first. */
    public static List<Entry> list(Path root) {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && CaptureFolder.NAME.matcher(name).matches() && Files.isRegularFile(p.resolve(CaptureFolder.INFO))) {
                    out.add(new Entry(p, name, size(p), killed(p)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(Entry::name));
        return out;
    }

    /** The hidden folder a capture named {@code name} is written into by this process, before it is renamed. */
    public static Path partial(Path root, String name) {
        return root.resolve(PARTIAL + ProcessHandle.current().pid() + "-" + name);
    }

    /**
     * Removes captures until at most {@code keep} remain and they hold at most {@code maxBytes} (the newest stays
     * whatever its size), and the partial folders of offheap processes that are gone. Returns the captures removed.
     */
    public static List<Entry> prune(Path root, int keep, long maxBytes) {
        removeOrphans(root);
        List<Entry> all = list(root);
        if (all.isEmpty()) {
            return List.of();
        }
        List<Entry> candidates = new ArrayList<>(all.subList(0, all.size() - 1));
        // oldest first, the captures an OOM kill followed last
        candidates.sort(Comparator.comparing(Entry::killed).thenComparing(Entry::name));
        int count = all.size();
        long bytes = all.stream().mapToLong(Entry::bytes).sum();
        List<Entry> removed = new ArrayList<>();
        for (Entry e : candidates) {
            if (count <= keep && bytes <= maxBytes) {
                break;
            }
            PrivateFiles.deleteTree(e.dir());
            if (!Files.exists(e.dir())) {
                removed.add(e);
                count--;
                bytes -= e.bytes();
            }
        }
        return removed;
    }

    private static void removeOrphans(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(PARTIAL)) {
                    continue;
                }
                int dash = name.indexOf('-', PARTIAL.length());
                try {
                    long owner = Long.parseLong(name.substring(PARTIAL.length(), dash));
                    if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    // not a name this class makes: left alone
                    continue;
                }
                PrivateFiles.deleteTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean killed(Path dir) {
        try {
            return CaptureFolder.read(dir).killed();
        } catch (RuntimeException e) {
            return false; // a capture.txt that does not read is no evidence of a kill
        }
    }

    /** Bytes of the regular files under {@code dir}. */
    static long size(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // removed meanwhile
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
