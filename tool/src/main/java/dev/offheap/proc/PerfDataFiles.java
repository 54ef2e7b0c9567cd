package dev.offheap.proc;

import dev.offheap.model.InputException;
import dev.offheap.model.PerfCounters;
import dev.offheap.parse.proc.HsperfdataParser;
import dev.offheap.redact.Redactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds HotSpot JVMs and their hsperfdata files ({@code /tmp/hsperfdata_<user>/<nspid>}) through {@code /proc}, also
 * inside containers: the file is reached as {@code /proc/PID/root/tmp/...} and named by the pid in the JVM's namespace.
 */
public final class PerfDataFiles {
    private static final Path PROC = Path.of("/proc");

    private PerfDataFiles() {
    }

    /**
     * The hsperfdata file of a live pid, if it has one (none with -XX:-UsePerfData or when not a JVM): the file the JVM
     * has mapped (exact even when another PID namespace shares /tmp), else {@code hsperfdata_<user>/<nspid>} in its /tmp.
     */
    public static Optional<Path> find(long pid) {
        return find(pid, scanMaps(pid));
    }

    private static Optional<Path> find(long pid, Maps maps) {
        if (maps.perfDataPath != null) {
            Path file = root(pid).resolve(maps.perfDataPath.substring(1));
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return maps.readable ? Optional.empty() : find(pid, namespacePid(pid));
    }

    /**
     * The counters of a live JVM from its hsperfdata file, its strings as {@code redactor} leaves them; empty when it
     * has none or it cannot be read.
     */
    public static Optional<PerfCounters> counters(long pid, Redactor redactor) {
        return find(pid).flatMap(file -> {
            try {
                return Optional.of(HsperfdataParser.parse(read(file, redactor), file.getFileName().toString()).value());
            } catch (IOException | InputException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * An hsperfdata file's bytes with its strings (sun.rt.javaCommand, java.rt.vmArgs, java.property.*) as
     * {@code redactor} leaves them, in place: what {@code collect} saves.
     *
     * @throws InputException when the file is not an hsperfdata file whose strings can all be found
     */
    public static byte[] read(Path file, Redactor redactor) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return redactor.on() ? HsperfdataParser.rewriteStrings(bytes, file.getFileName().toString(), redactor::perfCounter) : bytes;
    }

    /** The pid of the process inside its innermost PID namespace: the last value of "NSpid:" in /proc/PID/status. */
    public static long namespacePid(long pid) {
        // "NSpid:\t12345\t1"
        try (Stream<String> lines = Files.lines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
            return lines.filter(l -> l.startsWith("NSpid:")).findFirst()
                    .map(l -> l.substring(6).trim().split("\\s+"))
                    .map(v -> Long.parseLong(v[v.length - 1]))
                    .orElse(pid);
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return pid;
        }
    }

    /** Whether the process has HotSpot loaded: a {@code libjvm.so} mapped in /proc/PID/maps. */
    public static boolean isHotSpot(long pid) {
        return scanMaps(pid).libjvm;
    }

    /**
     * All HotSpot JVMs this user can see, ordered by pid: processes with libjvm.so mapped, with or without an
     * hsperfdata file (-XX:-UsePerfData). Processes that vanish or whose maps cannot be read are left out.
     */
    public static List<LocalJvm> localJvms() {
        List<LocalJvm> jvms = new ArrayList<>();
        for (long pid : pids()) {
            Maps maps = scanMaps(pid);
            if (maps.libjvm) {
                jvms.add(new LocalJvm(pid, namespacePid(pid), find(pid, maps).orElse(null)));
            }
        }
        return jvms;
    }

    /** The pid as a {@link LocalJvm} when it is a HotSpot JVM (libjvm.so mapped); empty otherwise or when it exited. */
    public static Optional<LocalJvm> localJvm(long pid) {
        Maps maps = scanMaps(pid);
        return maps.libjvm ? Optional.of(new LocalJvm(pid, namespacePid(pid), find(pid, maps).orElse(null))) : Optional.empty();
    }

    static Optional<Path> find(long pid, long nspid) {
        Path tmp = PROC.resolve(Long.toString(pid)).resolve("root/tmp");
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "hsperfdata_*")) {
            for (Path dir : dirs) {
                Path file = dir.resolve(Long.toString(nspid));
                if (Files.isRegularFile(file)) {
                    return Optional.of(file);
                }
            }
        } catch (IOException | SecurityException e) {
            // another user's process or one that just exited: no file we can read
        }
        return Optional.empty();
    }

    // "7f8bd2153000-7f8bd215b000 rw-s 00000000 fe:00 2154498      /tmp/hsperfdata_root/6705"
    // "7f2c3a200000-7f2c3b1f5000 r-xp 00200000 fe:01 1234 /usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so"
    private static Maps scanMaps(long pid) {
        boolean libjvm = false;
        String perfData = null;
        try (Stream<String> lines = Files.lines(PROC.resolve(Long.toString(pid)).resolve("maps"))) {
            for (String line : (Iterable<String>) lines::iterator) {
                int slash = line.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                String path = line.substring(slash);
                if (path.endsWith("/libjvm.so") || path.endsWith("/libjvm.so (deleted)")) {
                    libjvm = true;
                } else if (perfData == null && path.contains("/hsperfdata_") && !path.endsWith(" (deleted)")) {
                    perfData = path;
                }
            }
            return new Maps(true, libjvm, perfData);
        } catch (IOException | UncheckedIOException e) {
            return new Maps(false, false, null);
        }
    }

    private static Path root(long pid) {
        return PROC.resolve(Long.toString(pid)).resolve("root");
    }

    private record Maps(boolean readable, boolean libjvm, String perfDataPath) {
    }

    /** Every process id in /proc, ascending as the directory lists them. */
    public static List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    pids.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc", e);
        }
        pids.sort(null);
        return pids;
    }
}
