package dev.offheap.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A v1 memory cgroup a test makes for itself (as root) and removes when closed, once its processes are gone. A JVM
 * starts inside it through {@link #wrapper()} (its memory is charged to the group from its first page), and swapping
 * is off in it so that reaching the limit ends in the OOM killer, as in a container.
 */
public final class MemoryCgroup implements AutoCloseable {
    public static final Path V1_MEMORY = Path.of("/sys/fs/cgroup/memory");

    private final Path dir;

    private MemoryCgroup(Path dir) {
        this.dir = dir;
    }

    /** Whether this test run can make v1 memory cgroups (root, and the v1 memory controller at its usual place). */
    public static boolean available() {
        return Files.isWritable(V1_MEMORY.resolve("cgroup.procs"));
    }

    /** A new group named after the test and this JVM's pid, with {@code limitBytes} as its memory limit. */
    public static MemoryCgroup create(String name, long limitBytes) {
        Path dir = V1_MEMORY.resolve("offheap-test-" + name + "-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(dir);
            MemoryCgroup g = new MemoryCgroup(dir);
            Files.writeString(dir.resolve("memory.swappiness"), "0");
            g.limit(limitBytes);
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "/offheap-test-…", the group's path as /proc/PID/cgroup names it. */
    public String path() {
        return "/" + dir.getFileName();
    }

    public Path dir() {
        return dir;
    }

    public void limit(long bytes) {
        write("memory.limit_in_bytes", Long.toString(bytes));
    }

    /** The command that starts what follows it inside this group: {@code sh -c 'echo $$ > …/cgroup.procs; exec "$@"'}. */
    public String[] wrapper() {
        return new String[] {"sh", "-c", "echo $$ > " + dir.resolve("cgroup.procs") + " && exec \"$@\"", "sh"};
    }

    /** Usage minus inactive page cache, as the kubelet and offheap weigh it. */
    public long workingSetBytes() {
        long usage = Long.parseLong(read("memory.usage_in_bytes").strip());
        long inactive = 0;
        for (String line : read("memory.stat").split("\n")) {
            if (line.startsWith("total_inactive_file ")) {
                inactive = Long.parseLong(line.substring(line.indexOf(' ') + 1).strip());
            }
        }
        return Math.max(0, usage - inactive);
    }

    /** The kill counter of memory.oom_control ("oom_kill N"). */
    public long oomKills() {
        for (String line : read("memory.oom_control").split("\n")) {
            if (line.startsWith("oom_kill ")) {
                return Long.parseLong(line.substring(9).strip());
            }
        }
        throw new IllegalStateException("no oom_kill in " + dir.resolve("memory.oom_control"));
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String name, String value) {
        try {
            Files.writeString(dir.resolve(name), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the group; its processes must have been killed (it retries while the kernel still releases them). */
    @Override
    public void close() throws InterruptedException {
        for (int i = 0; i < 100 && Files.exists(dir); i++) {
            try {
                Files.delete(dir);
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        if (Files.exists(dir)) {
            throw new IllegalStateException("cannot remove the cgroup " + dir + " (processes left in it?)");
        }
    }
}
