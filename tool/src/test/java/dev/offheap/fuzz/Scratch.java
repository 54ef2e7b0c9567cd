package dev.offheap.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A private folder for the fuzz targets that read files: emptied before each input, deleted when the JVM exits. */
final class Scratch {
    private static Path root;

    private Scratch() {
    }

    /** The folder, empty. */
    static synchronized Path empty() {
        try {
            if (root == null) {
                root = Files.createTempDirectory("offheap-fuzz");
                Path r = root;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(r, true)));
            }
            delete(root, false);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a reader left in the folder besides the given inputs (should be nothing). */
    static List<Path> leftovers(Path dir, List<Path> inputs) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !inputs.contains(p)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir, boolean itself) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (itself || !p.equals(dir)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
