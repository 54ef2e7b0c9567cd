package dev.offheap.export;

import dev.offheap.model.JvmProcess;
import dev.offheap.model.TargetException;
import dev.offheap.proc.JvmProcesses;
import dev.offheap.proc.LocalJvm;
import dev.offheap.proc.PerfDataFiles;
import dev.offheap.proc.ProcReader;
import dev.offheap.redact.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the local JVMs as {@code offheap ps} does (libjvm.so mapped, containers included) for each export cycle.
 * A process is identified by its pid and start time (a reused pid is a new JVM). A process found not to be a JVM is
 * not looked at again while it keeps its executable (a shell that execs java is looked at again), so a cycle reads
 * the maps of new processes only.
 */
final class JvmDiscovery {
    /** A process this young may still be loading libjvm.so: it is looked at again next cycle. */
    private static final Duration SETTLED = Duration.ofSeconds(5);

    /** A JVM found: the key that tells a reused pid apart, what ps says of it, and whether we may attach. */
    record Found(String key, JvmProcess jvm, String refusal) {
    }

    private final ExportSettings settings;
    private final long self = ProcessHandle.current().pid();
    private final long selfUid = uid(Path.of("/proc/self"));
    private final Map<Long, String> notJvm = new HashMap<>();
    private final Map<String, Found> known = new HashMap<>();

    JvmDiscovery(ExportSettings settings) {
        this.settings = settings;
    }

    /** The JVMs alive now that the settings select, those seen before kept as they were described. */
    List<Found> scan() {
        Map<String, Found> alive = new HashMap<>();
        List<Long> pids = settings.pids().isEmpty() ? PerfDataFiles.pids() : settings.pids().stream().sorted().toList();
        Map<Long, String> stillNotJvm = new HashMap<>();
        for (long pid : pids) {
            if (pid == self) {
                continue;
            }
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty()) {
                continue;
            }
            Instant start = handle.get().info().startInstant().orElse(Instant.EPOCH);
            String key = pid + "@" + start.toEpochMilli();
            Found f = known.get(key);
            if (f == null) {
                String exe = exe(pid);
                if (exe != null && exe.equals(notJvm.get(pid))) {
                    stillNotJvm.put(pid, exe);
                    continue;
                }
                f = describe(pid, key).orElse(null);
                boolean young = !start.plus(SETTLED).isBefore(Instant.now());
                if (f != null && young && (f.jvm().jdkVersion() == null || f.jvm().mainClass() == null)) {
                    continue; // a JVM still starting has not yet published its version and main class: next cycle
                }
                if (f == null) {
                    if (exe != null && !young) {
                        stillNotJvm.put(pid, exe);
                    }
                    continue;
                }
            }
            alive.put(key, f);
        }
        notJvm.clear();
        notJvm.putAll(stillNotJvm);
        known.clear();
        known.putAll(alive);
        return new ArrayList<>(alive.values());
    }

    private Optional<Found> describe(long pid, String key) {
        Optional<LocalJvm> local = PerfDataFiles.localJvm(pid);
        if (local.isEmpty() || !selected(pid)) {
            return Optional.empty();
        }
        return JvmProcesses.describe(local.get(), Redactor.standard()).map(jvm -> new Found(key, jvm, refusal(pid, jvm)));
    }

    private boolean selected(long pid) {
        if (settings.match() == null) {
            return true;
        }
        try {
            return settings.match().matcher(String.join(" ", new ProcReader(pid).cmdline(Redactor.standard()))).find();
        } catch (TargetException e) {
            return false;
        }
    }

    /** Why offheap may not attach: it acts only for its own user's JVMs, or for every user's as root. */
    private String refusal(long pid, JvmProcess jvm) {
        long owner = uid(Path.of("/proc/" + pid));
        if (selfUid == 0 || owner == selfUid) {
            return null;
        }
        return "not attached: the JVM runs as " + (jvm.user() == null ? "uid " + owner : jvm.user())
                + "; run offheap export as that user or as root";
    }

    private static long uid(Path p) {
        try {
            return ((Number) Files.getAttribute(p, "unix:uid")).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String exe(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
