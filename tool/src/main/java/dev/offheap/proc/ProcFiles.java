package dev.offheap.proc;

import dev.offheap.model.TargetException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads files of a live process under /proc and turns failures into one-line TargetExceptions naming the pid. */
final class ProcFiles {
    private ProcFiles() {
    }

    static byte[] read(long pid, Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length == 0 && !Files.exists(file.getParent())) {
                throw gone(pid, file);
            }
            return bytes;
        } catch (IOException e) {
            throw translate(pid, file, e);
        }
    }

    /** The one-line error for a failed read of {@code file} of process {@code pid}. */
    static TargetException translate(long pid, Path file, IOException e) {
        Path dir = file.getParent();
        if (e instanceof NoSuchFileException && dir != null && !Files.exists(dir)) {
            return gone(pid, file);
        }
        if (e instanceof AccessDeniedException || String.valueOf(e.getMessage()).contains("Permission denied")
                || String.valueOf(e.getMessage()).contains("Operation not permitted")) {
            return new TargetException("pid " + pid + ": permission denied reading " + file
                    + ": run as root or as the target's user", e);
        }
        if (String.valueOf(e.getMessage()).contains("No such process") || dir != null && !Files.exists(dir)) {
            return gone(pid, file);
        }
        return new TargetException("pid " + pid + ": cannot read " + file + ": " + e.getMessage(), e);
    }

    static TargetException gone(long pid, Path file) {
        return new TargetException("pid " + pid + ": process exited while reading " + file);
    }

    static TargetException noSuchProcess(long pid) {
        return new TargetException("pid " + pid + ": no such process");
    }
}
