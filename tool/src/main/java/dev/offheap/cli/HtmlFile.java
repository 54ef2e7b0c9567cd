package dev.offheap.cli;

import dev.offheap.files.OwnerOnly;
import dev.offheap.model.InputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The file of {@code --html FILE}: written whole or not at all (a temporary file in the same folder, then renamed
 * over FILE), so a failed or interrupted run leaves neither a half page nor a stray temporary file.
 */
final class HtmlFile {
    private HtmlFile() {
    }

    /** Why FILE cannot be written, checked before a long run starts; null when it can be. */
    static String problem(Path file) {
        Path dir = folder(file);
        if (!Files.isDirectory(dir)) {
            return "--html " + file + ": no such folder " + dir;
        }
        if (Files.isDirectory(file)) {
            return "--html " + file + ": is a folder; give a file name";
        }
        if (!Files.isWritable(dir)) {
            return "--html " + file + ": cannot write in " + dir;
        }
        return null;
    }

    /** Writes the page to {@code file} atomically. */
    static void write(Path file, String page) {
        Path dir = folder(file);
        Path tmp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            // owner-only (0600) whatever the umask, as everything offheap writes: the page names the target's libraries,
            // classes and threads
            try (OutputStream out = OwnerOnly.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(page.getBytes(StandardCharsets.UTF_8));
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new InputException("--html " + file + ": cannot write: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // nothing more to do: the message above tells what failed
            }
        }
    }

    private static Path folder(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("/") : parent;
    }
}
