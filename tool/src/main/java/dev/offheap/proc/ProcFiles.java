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
            if (bytes.length == 0 && exited(file.getParent())) {
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
            return new TargetException(TargetException.Reason.PERMISSION, "pid " + pid + ": permission denied reading " + file
                    + ": run as root or as the target's user", e);
        }
        if (String.valueOf(e.getMessage()).contains("No such process") || dir != null && !Files.exists(dir)) {
            return gone(pid, file);
        }
        return new TargetException("pid " + pid + ": cannot read " + file + ": " + e.getMessage(), e);
    }

    /** PF_EXITING in the flags of /proc/PID/stat: the task is exiting (its mappings may already be gone). */
    private static final long PF_EXITING = 0x4;

    /**
     * Whether the process of {@code dir} (/proc/PID) has exited or is exiting: gone, a zombie not yet reaped by its
     * parent, or its main thread past the start of exit (a process killed a moment ago reads empty smaps and maps
     * while /proc/PID is still there).
     */
    static boolean exited(Path dir) {
        try {
            // "29525 (java) S 29400 29400 29300 0 -1 4194560 ...": state, ppid, pgrp, session, tty, tpgid, flags
            // after the last ')' (the name may hold any character)
            String stat = Files.readString(dir.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 1).trim().split(" ");
            if (f.length < 7 || f[0].equals("Z") || f[0].equals("X")) {
                return true;
            }
            return (Long.parseLong(f[6]) & PF_EXITING) != 0;
        } catch (IOException | NumberFormatException e) {
            return !Files.exists(dir);
        }
    }

    static TargetException gone(long pid, Path file) {
        return new TargetException(TargetException.Reason.EXITED, "pid " + pid + ": process exited while reading " + file);
    }

    static TargetException noSuchProcess(long pid) {
        return new TargetException(TargetException.Reason.EXITED, "pid " + pid + ": no such process");
    }
}
