package dev.offheap.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deletes the private working directories offheap creates; a failure is reported, never thrown. */
public final class PrivateFiles {
    private PrivateFiles() {
    }

    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            System.err.println("offheap: cannot list " + dir + " to delete it: " + e.getMessage());
            return;
        }
        for (Path p : all) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                System.err.println("offheap: cannot delete " + p + ": " + e.getMessage());
            }
        }
    }
}
