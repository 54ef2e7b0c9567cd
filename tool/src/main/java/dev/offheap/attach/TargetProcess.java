package dev.offheap.attach;

import dev.offheap.model.TargetException;
import dev.offheap.proc.ProcReader;
import dev.offheap.redact.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The few facts about a live process the attach handshake needs, from {@code /proc/PID/status}: effective uid,
 * innermost namespace pid ({@code NSpid}) and whether SIGQUIT is caught ({@code SigCgt}, {@code SigIgn}).
 */
final class TargetProcess {
    private static final Path PROC = Path.of("/proc");
    private static final long SIGQUIT_BIT = 1L << (3 - 1); // signal n is bit n-1 of the Sig* masks

    final long pid;
    final int uid;
    final long nspid;
    final boolean catchesSigquit;

    private TargetProcess(long pid, int uid, long nspid, boolean catchesSigquit) {
        this.pid = pid;
        this.uid = uid;
        this.nspid = nspid;
        this.catchesSigquit = catchesSigquit;
    }

    /** Reads /proc/PID/status; throws "pid N: no such process" when it is gone. */
    static TargetProcess of(long pid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir(pid).resolve("status"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TargetException(TargetException.Reason.EXITED, "pid " + pid + ": no such process");
        } catch (IOException e) {
            throw new TargetException("pid " + pid + ": cannot read /proc/" + pid + "/status: " + e.getMessage(), e);
        }
        int uid = -1;
        long nspid = pid;
        long caught = 0;
        long ignored = 0;
        for (String line : lines) {
            // "Uid:\t1001\t1001\t1001\t1001" (real, effective, saved, filesystem)
            if (line.startsWith("Uid:")) {
                uid = Integer.parseInt(fields(line)[1]);
            } else if (line.startsWith("NSpid:")) { // "NSpid:\t81234\t1" (outermost first)
                String[] v = fields(line);
                nspid = Long.parseLong(v[v.length - 1]);
            } else if (line.startsWith("SigCgt:")) { // "SigCgt:\t0000000101005ccf"
                caught = Long.parseUnsignedLong(fields(line)[0], 16);
            } else if (line.startsWith("SigIgn:")) {
                ignored = Long.parseUnsignedLong(fields(line)[0], 16);
            }
        }
        if (uid < 0) {
            throw new TargetException("pid " + pid + ": no Uid line in /proc/" + pid + "/status");
        }
        return new TargetProcess(pid, uid, nspid, (caught & SIGQUIT_BIT) != 0 && (ignored & SIGQUIT_BIT) == 0);
    }

    /** The effective uid of this (the attaching) process. */
    static int ourUid() {
        return of(ProcessHandle.current().pid()).uid;
    }

    /** Whether the process still runs: not gone, not a zombie, not exiting ({@link ProcReader#exited}). */
    boolean alive() {
        return !ProcReader.exited(pid);
    }

    /** Whether the process is gone, allowing a dying one {@code graceMillis} to finish exiting. */
    boolean exitedWithin(long graceMillis) {
        long deadline = System.nanoTime() + graceMillis * 1_000_000;
        while (alive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The target's /tmp as seen from here, through its root (its mount namespace when in a container). */
    Path tmp() {
        return dir(pid).resolve("root/tmp");
    }

    /** The target's working directory as seen from here. */
    Path cwd() {
        return dir(pid).resolve("cwd");
    }

    /** The command line, arguments separated by spaces, redacted as everything read of it is ("" when unreadable). */
    String commandLine() {
        return readNulSeparated(dir(pid).resolve("cmdline"), Redactor.standard()::cmdline);
    }

    /** The environment, variables separated by spaces, redacted ("" when unreadable). */
    String environment() {
        return readNulSeparated(dir(pid).resolve("environ"), Redactor.standard()::environ);
    }

    /** The user name of the target's uid from /etc/passwd, or null. */
    String userName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 2 && f[2].equals(Integer.toString(uid))) {
                    return f[0];
                }
            }
        } catch (IOException e) {
            // no name then
        }
        return null;
    }

    private static String readNulSeparated(Path file, UnaryOperator<byte[]> redact) {
        try {
            return new String(redact.apply(Files.readAllBytes(file)), StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String[] fields(String line) {
        return line.substring(line.indexOf(':') + 1).trim().split("\\s+");
    }

    private static Path dir(long pid) {
        return PROC.resolve(Long.toString(pid));
    }
}
