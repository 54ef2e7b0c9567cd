package dev.offheap.proc;

import dev.offheap.model.ThreadInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The threads of a live process with their names and, for threads blocked in a system call (most JVM threads, most
 * of the time), their stack pointers: enough to tell which mapping is whose stack without NMT. Reading
 * /proc/PID/task/TID/syscall needs ptrace access (root or the same user); unreadable entries just have no pointer.
 */
public final class ThreadStackPointers {
    private ThreadStackPointers() {
    }

    public static List<ThreadInfo> of(long pid) {
        List<ThreadInfo> threads = new ArrayList<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                long tid;
                try {
                    tid = Long.parseLong(task.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                threads.add(new ThreadInfo(tid, read(task.resolve("comm")), stackPointer(read(task.resolve("syscall")))));
            }
        } catch (IOException e) {
            return List.of(); // the process is gone or not ours: no thread information
        }
        threads.sort((a, b) -> Long.compare(a.tid(), b.tid()));
        return threads;
    }

    // "202 0x7f3a9050a3e0 0x80 0x0 0x0 0x0 0x0 0x7f3a6d5fe8a0 0x7f3a90b1f7b2": number, 6 arguments, SP, PC;
    // "-1 0x7ffd… 0x7f…" when blocked outside a system call; "running" when on a CPU
    static Long stackPointer(String syscall) {
        if (syscall == null) {
            return null;
        }
        String[] f = syscall.trim().split(" ");
        if (f.length == 9 || f.length == 3) {
            String sp = f[f.length - 2];
            if (sp.startsWith("0x")) {
                try {
                    return Long.parseUnsignedLong(sp.substring(2), 16);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
