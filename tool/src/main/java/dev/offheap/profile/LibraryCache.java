package dev.offheap.profile;

import dev.offheap.model.InputException;
import dev.offheap.parse.symbols.ElfSymbols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The libraries read in one run (ELF symbols, the detached debug file found by build-id, its DWARF), by file
 * identity: the base and the current profile of {@code offheap analyze --base} read glibc's debug information once.
 * Reads on two threads: libjvm.so's symbol table and glibc's compressed DWARF take tens of milliseconds each.
 */
public final class LibraryCache {
    /** A library read, or the one-line reason it could not be (both null: no readable copy was found). */
    record Loaded(LibrarySymbols symbols, String problem) {
    }

    private final Map<String, CompletableFuture<Loaded>> loaded = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor pool;

    public LibraryCache() {
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "offheap-library-reader");
            t.setDaemon(true);
            return t;
        });
        // idle readers end after a second: a cache made per run leaves no threads behind
        pool.allowCoreThreadTimeOut(true);
    }

    /** Starts reading {@code file} (once per file and debug root) and its debug file under {@code debugRoot} (may be null). */
    CompletableFuture<Loaded> load(Path file, Path debugRoot) {
        return loaded.computeIfAbsent(key(file, debugRoot), k -> CompletableFuture.supplyAsync(() -> read(file, debugRoot), pool));
    }

    private static Loaded read(Path file, Path debugRoot) {
        try {
            ElfSymbols elf = ElfSymbols.read(file);
            Path debug = debugFile(debugRoot, elf.buildId());
            return new Loaded(new LibrarySymbols(elf, debug == null ? null : ElfSymbols.read(debug)), null);
        } catch (InputException e) {
            return new Loaded(null, e.getMessage());
        }
    }

    /** /usr/lib/debug/.build-id/ab/cdef....debug for build-id abcdef..., if installed. */
    private static Path debugFile(Path debugRoot, String buildId) {
        if (debugRoot == null || buildId == null || buildId.length() < 3) {
            return null;
        }
        Path p = debugRoot.resolve(buildId.substring(0, 2)).resolve(buildId.substring(2) + ".debug");
        return Files.isRegularFile(p) ? p : null;
    }

    // the same file under another name (/proc/PID/map_files/..., a copy in libs/ is another file) is read once;
    // a string, not a record: a record's first hashCode costs ~10 ms of method-handle set-up in a cold JVM
    private static String key(Path file, Path debugRoot) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            Object id = a.fileKey() != null ? a.fileKey() : file.toRealPath();
            return id + " " + a.size() + " " + a.lastModifiedTime().toMillis() + " " + debugRoot;
        } catch (IOException | SecurityException e) {
            return file.toAbsolutePath() + " " + debugRoot;
        }
    }
}
