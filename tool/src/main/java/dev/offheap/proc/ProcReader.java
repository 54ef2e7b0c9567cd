package dev.offheap.proc;

import dev.offheap.model.CgroupMemory;
import dev.offheap.model.CgroupPath;
import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.Parsed;
import dev.offheap.model.ProcessEnvironment;
import dev.offheap.model.ProcessStat;
import dev.offheap.model.ProcessStatus;
import dev.offheap.model.TargetException;
import dev.offheap.parse.proc.CgroupParser;
import dev.offheap.parse.proc.CmdlineParser;
import dev.offheap.parse.proc.EnvironParser;
import dev.offheap.parse.proc.ProcStatParser;
import dev.offheap.parse.proc.SmapsParser;
import dev.offheap.parse.proc.StatusParser;
import dev.offheap.redact.Redactor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code /proc/PID/{smaps,smaps_rollup,maps,status,cmdline,environ,cgroup}} of a live process and hands the
 * text to the parsers. Failures are one-line {@link TargetException}s: no such process, permission denied, exited.
 */
public final class ProcReader {
    private final long pid;
    private final Path procRoot;

    public ProcReader(long pid) {
        this(Path.of("/proc"), pid);
    }

    /** For tests and for a /proc mounted elsewhere. */
    public ProcReader(Path procRoot, long pid) {
        this.procRoot = procRoot;
        this.pid = pid;
        if (!Files.isDirectory(dir())) {
            throw ProcFiles.noSuchProcess(pid);
        }
    }

    public long pid() {
        return pid;
    }

    /** Whether process {@code pid} has exited or is exiting: gone from /proc, a zombie, or past the start of exit. */
    public static boolean exited(long pid) {
        return ProcFiles.exited(Path.of("/proc", Long.toString(pid)));
    }

    /** {@code /proc/PID}. */
    public Path dir() {
        return procRoot.resolve(Long.toString(pid));
    }

    public Parsed<MemoryMap> smaps() {
        return SmapsParser.parse(text("smaps"), source("smaps"));
    }

    /** The kernel's sums over all mappings (Linux 4.14+), much cheaper than smaps for a process with many threads. */
    public Parsed<Mapping> smapsRollup() {
        return SmapsParser.parseRollup(text("smaps_rollup"), source("smaps_rollup"));
    }

    /** {@code /proc/PID/maps}: ranges and paths only; readable where smaps is (same permission check). */
    public Parsed<MemoryMap> maps() {
        return SmapsParser.parse(text("maps"), source("maps"));
    }

    public Parsed<ProcessStatus> status() {
        return StatusParser.parse(text("status"), source("status"));
    }

    /** {@code /proc/PID/stat}: page faults counted so far, CPU ticks, threads. */
    public ProcessStat stat() {
        return ProcStatParser.parse(text("stat"), source("stat"));
    }

    /** The arguments, as {@code redactor} leaves them. */
    public List<String> cmdline(Redactor redactor) {
        return CmdlineParser.parse(cmdlineBytes(redactor));
    }

    /** {@code /proc/PID/cmdline} as {@code redactor} leaves it (NUL-separated), e.g. for {@code collect} to save. */
    public byte[] cmdlineBytes(Redactor redactor) {
        return redactor.cmdline(ProcFiles.read(pid, dir().resolve("cmdline")));
    }

    /** The environment, as {@code redactor} leaves it. */
    public Parsed<ProcessEnvironment> environ(Redactor redactor) {
        return EnvironParser.parse(environBytes(redactor), source("environ"));
    }

    /** {@code /proc/PID/environ} as {@code redactor} leaves it (NUL-separated). */
    public byte[] environBytes(Redactor redactor) {
        return redactor.environ(ProcFiles.read(pid, dir().resolve("environ")));
    }

    public Parsed<List<CgroupPath>> cgroups() {
        return CgroupParser.parseProcCgroup(text("cgroup"), source("cgroup"));
    }

    /** The memory controller of the process's cgroup (v1 or v2); empty in the root cgroup of v2 or without one. */
    public Optional<Parsed<CgroupMemory>> cgroupMemory() {
        return new CgroupLocator(dir(), Path.of("/sys/fs/cgroup")).memory(cgroups().value());
    }

    /**
     * The folder of the process's memory cgroup (under /sys/fs/cgroup, or seen through /proc/PID/root for a container
     * whose group the host does not show) and its version (1 or 2); empty without a readable memory controller.
     */
    public Optional<CgroupFolder> cgroupMemoryFolder() {
        return new CgroupLocator(dir(), Path.of("/sys/fs/cgroup")).directory(cgroups().value())
                .map(found -> new CgroupFolder(found.dir(), Files.isReadable(found.dir().resolve("memory.limit_in_bytes")) ? 1 : 2,
                        found.cgroup().path()));
    }

    /** A memory cgroup's folder, its version and its path as /proc/PID/cgroup names it. */
    public record CgroupFolder(Path dir, int version, String path) {
    }

    /**
     * The files of the process's memory cgroup as they are ({@code memory.max}, {@code memory.current},
     * {@code memory.stat}, … or the v1 names), by name; empty without a readable memory controller.
     */
    public java.util.Map<String, byte[]> cgroupMemoryFiles() {
        java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        new CgroupLocator(dir(), Path.of("/sys/fs/cgroup")).directory(cgroups().value()).ifPresent(found -> {
            for (String name : CgroupParser.fileNames(found.dir().getFileName() != null
                    && Files.isReadable(found.dir().resolve("memory.limit_in_bytes")) ? 1 : 2)) {
                try {
                    files.put(name, Files.readAllBytes(found.dir().resolve(name)));
                } catch (java.io.IOException e) {
                    // not every file exists on every kernel (memory.peak from 5.19, swap files without swap)
                }
            }
        });
        return files;
    }

    /**
     * CPU time the process's threads have used so far, in nanoseconds, summed over {@code /proc/PID/task/TID/schedstat}
     * ("2383943207 47361928 3301": time on the CPU, waiting, time slices); threads that exited meanwhile are skipped.
     */
    public long cpuNanos() {
        long total = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(dir().resolve("task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String line = Files.readString(task.resolve("schedstat")).trim();
                    int space = line.indexOf(' ');
                    total += Long.parseLong(space < 0 ? line : line.substring(0, space));
                } catch (java.io.IOException | NumberFormatException e) {
                    // the thread exited between the listing and the read
                }
            }
        } catch (java.io.IOException e) {
            throw ProcFiles.noSuchProcess(pid);
        }
        return total;
    }

    /**
     * The raw bytes of one file under /proc/PID, e.g. for {@code collect} to save a copy; the two that carry the
     * target's configuration are read through a {@link Redactor} only ({@link #cmdlineBytes}, {@link #environBytes}).
     */
    public byte[] bytes(String name) {
        if (name.equals("cmdline") || name.equals("environ")) {
            throw new IllegalArgumentException("/proc/PID/" + name + " is read through a Redactor");
        }
        return ProcFiles.read(pid, dir().resolve(name));
    }

    private String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    private String source(String name) {
        return "/proc/" + pid + "/" + name;
    }
}
