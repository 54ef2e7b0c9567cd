package dev.offheap.profile;

import dev.offheap.attach.AttachClient;
import dev.offheap.attach.JvmConnection;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.TargetException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * What {@code offheap run --jemalloc} adds to a JVM it launches: Debian's libjemalloc.so.2 preloaded with heap
 * profiling on ({@code MALLOC_CONF}: a dump every 2^lgInterval bytes allocated and one at exit, into a private
 * folder), the JIT perf map captured beside each new dump ({@code Compiler.perfmap}) and at exit
 * ({@code -XX:+DumpPerfMapAtExit}), and copies of deleted libraries while the process lives.
 */
public final class JemallocRun {
    public static final Path DEBIAN_LIBRARY = Path.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2");
    private static final int LG_SAMPLE = 17;

    private final Path dir;
    private final Path library;
    private final int lgInterval;
    private final Consumer<String> warn;
    private final Set<String> seen = new HashSet<>();
    private JvmConnection jvm;

    public JemallocRun(Path dir, Path library, int lgInterval, Consumer<String> warn) {
        if (!Files.isRegularFile(library)) {
            throw new TargetException(library + ": no jemalloc library (install Debian's libjemalloc2: apt-get install libjemalloc2)");
        }
        this.dir = dir;
        this.library = library;
        this.lgInterval = lgInterval;
        this.warn = warn;
    }

    /** Environment variables to set, given the current ones (an existing LD_PRELOAD is kept after jemalloc). */
    public Map<String, String> environment(Map<String, String> current) {
        String preload = current.getOrDefault("LD_PRELOAD", "");
        String conf = "prof:true,prof_final:true,prof_prefix:" + dir.resolve("jeprof") + ",lg_prof_sample:" + LG_SAMPLE
                + ",lg_prof_interval:" + lgInterval;
        String old = current.get("MALLOC_CONF");
        return Map.of("LD_PRELOAD", preload.isEmpty() ? library.toString() : library + ":" + preload,
                "MALLOC_CONF", old == null || old.isEmpty() ? conf : old + "," + conf);
    }

    /** JVM options to add: the perf map at exit. */
    public List<String> jvmOptions() {
        return List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DumpPerfMapAtExit");
    }

    public Path dir() {
        return dir;
    }

    /** Called every few hundred ms while the JVM runs: perf map beside each new dump, copies of deleted libraries. */
    public void tick(long pid, LongFunction<MemoryMap> maps) {
        List<Path> fresh = newDumps();
        if (!fresh.isEmpty()) {
            capturePerfMap(pid, fresh);
        }
        try {
            LibraryLocator.saveDeleted(pid, maps.apply(pid).mappings(), dir.resolve("libs"));
        } catch (RuntimeException e) {
            // the process is exiting: the libraries were copied at an earlier tick or cannot be any more
        }
    }

    /** After the JVM exited: its exit perf map moved from /tmp into the folder. */
    public void afterExit(long pid) {
        newDumps();
        Path exitMap = Path.of("/tmp/perf-" + pid + ".map");
        if (Files.exists(exitMap)) {
            move(exitMap, dir.resolve("perf-" + pid + ".map"));
        }
    }

    /** The heap profiles written so far. */
    public List<Path> dumps() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.heap")) {
            ds.forEach(out::add);
        } catch (IOException e) {
            warn.accept("cannot list " + dir + ": " + e.getMessage());
        }
        return out;
    }

    private List<Path> newDumps() {
        List<Path> fresh = new ArrayList<>();
        for (Path p : dumps()) {
            if (seen.add(p.getFileName().toString())) {
                fresh.add(p);
            }
        }
        return fresh;
    }

    /**
     * A fresh perf map beside each new dump. Only a map this call asked for is deleted from /tmp: a final dump
     * ({@code .f.heap}) is written after -XX:+DumpPerfMapAtExit, so /tmp then holds the exit map, which
     * {@link #afterExit} moves into the folder; deleting it when the attach to the exiting JVM failed lost the names
     * of every JIT frame.
     */
    private void capturePerfMap(long pid, List<Path> dumps) {
        if (dumps.stream().anyMatch(p -> p.getFileName().toString().endsWith(".f.heap"))) {
            return;
        }
        Path written = Path.of("/tmp/perf-" + pid + ".map");
        boolean asked = false;
        try {
            if (jvm == null) {
                jvm = AttachClient.open(pid);
            }
            jvm.jcmd("Compiler.perfmap");
            asked = true;
            for (Path heap : dumps) {
                Files.copy(written, Path.of(heap + ".map"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (TargetException | IOException e) {
            // not attachable yet (early dumps during startup) or exiting: the exit perf map covers it
        } finally {
            if (asked) {
                try {
                    Files.deleteIfExists(written);
                } catch (IOException e) {
                    warn.accept("cannot delete " + written + ": " + e.getMessage());
                }
            }
        }
    }

    private void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            warn.accept("cannot move " + from + " to " + to + ": " + e.getMessage());
        }
    }
}
