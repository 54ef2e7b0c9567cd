package dev.offheap.profile;

import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.PerfMap;
import dev.offheap.model.StackFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Names the addresses of a malloc stack: native code through the ELF symbols of the mapped file and the DWARF of its
 * detached debug file if one is installed under the debug root (placed by the mapping's offset, so PIE executables and
 * shared objects need no other load bias; named as jeprof names them, see {@link LibrarySymbols}), generated code
 * through the JIT's perf map (compiled methods and native-method wrappers as Java methods; interpreter and stubs by name).
 * Each distinct address is named once; libraries are read through a {@link LibraryCache}, ahead when {@link #prefetch}ed.
 */
public final class Symbolizer {
    /** Where to read the file behind a mapping (the file itself, a copy, or /proc/PID/map_files/...). */
    public interface LibraryFiles {
        Optional<Path> locate(Mapping mapping);
    }

    /** Where Debian/Ubuntu -dbg and -dbgsym packages put detached debug files, by build-id (as gdb and addr2line look). */
    public static final Path DEBUG_ROOT = Path.of("/usr/lib/debug/.build-id");
    private final MemoryMap maps;
    private final PerfMap perfMap;
    private final LibraryFiles files;
    private final Consumer<String> warn;
    private final Path debugRoot;
    private final LibraryCache libraries;
    private final Map<String, CompletableFuture<LibraryCache.Loaded>> reading = new HashMap<>();
    private final Map<String, Optional<LibrarySymbols>> elves = new HashMap<>();
    private final Map<Long, StackFrame> frames = new HashMap<>();

    public Symbolizer(MemoryMap maps, PerfMap perfMap, LibraryFiles files, Consumer<String> warn) {
        this(maps, perfMap, files, warn, DEBUG_ROOT);
    }

    /** {@code debugRoot}: the .build-id folder of detached debug files (null: use none). */
    public Symbolizer(MemoryMap maps, PerfMap perfMap, LibraryFiles files, Consumer<String> warn, Path debugRoot) {
        this(maps, perfMap, files, warn, debugRoot, new LibraryCache());
    }

    /** {@code libraries}: libraries already read in this run (shared by the symbolizers of several profiles). */
    public Symbolizer(MemoryMap maps, PerfMap perfMap, LibraryFiles files, Consumer<String> warn, Path debugRoot, LibraryCache libraries) {
        this.maps = maps;
        this.perfMap = perfMap;
        this.files = files;
        this.warn = warn;
        this.debugRoot = debugRoot;
        this.libraries = libraries;
    }

    /**
     * Starts reading, in the background, every library that {@link #symbolize} will need for these stacks (the same
     * files, found through the same mappings, as it would read one after the other); warnings still come in order.
     */
    public void prefetch(List<long[]> stacks) {
        for (long[] addresses : stacks) {
            for (int i = 0; i < addresses.length; i++) {
                long pc = i == 0 ? addresses[i] : addresses[i] - 1;
                Optional<Mapping> m = maps.find(pc);
                if (m.isPresent() && m.get().isFileBacked() && !frames.containsKey(pc)) {
                    reading.computeIfAbsent(m.get().path(), p -> start(m.get()));
                }
            }
        }
    }

    /**
     * The frames of a stack of return addresses, innermost first. Every address but the first is a return address:
     * one is subtracted so that a call at the very end of a function is still placed in it (as jeprof does).
     */
    public List<StackFrame> symbolize(long[] addresses) {
        List<StackFrame> out = new ArrayList<>(addresses.length);
        for (int i = 0; i < addresses.length; i++) {
            long pc = i == 0 ? addresses[i] : addresses[i] - 1;
            out.add(frames.computeIfAbsent(pc, this::frame));
        }
        return out;
    }

    private StackFrame frame(long pc) {
        Optional<Mapping> m = maps.find(pc);
        if (m.isPresent() && m.get().isFileBacked()) {
            return nativeFrame(pc, m.get());
        }
        Optional<PerfMap.Entry> blob = perfMap.find(pc);
        if (blob.isPresent()) {
            return jitFrame(blob.get().name());
        }
        return new StackFrame("0x" + Long.toHexString(pc), null, StackFrame.Kind.UNKNOWN);
    }

    private StackFrame nativeFrame(long pc, Mapping m) {
        String library = m.path().substring(m.path().lastIndexOf('/') + 1);
        long fileOffset = pc - m.startAddress() + m.offset();
        Optional<LibrarySymbols> elf = elves.computeIfAbsent(m.path(), p -> finish(m, reading.computeIfAbsent(p, q -> start(m))));
        Optional<String> name = elf.flatMap(e -> e.vaddrOfFileOffset(fileOffset)).flatMap(v -> elf.get().name(v));
        return StackFrame.nativeFrame(name.orElse("[" + library + "+0x" + Long.toHexString(fileOffset) + "]"), library);
    }

    private CompletableFuture<LibraryCache.Loaded> start(Mapping m) {
        Optional<Path> file = files.locate(m);
        if (file.isEmpty()) {
            return CompletableFuture.completedFuture(new LibraryCache.Loaded(null, null));
        }
        return libraries.load(file.get(), debugRoot);
    }

    private Optional<LibrarySymbols> finish(Mapping m, CompletableFuture<LibraryCache.Loaded> read) {
        LibraryCache.Loaded loaded;
        try {
            loaded = read.join();
        } catch (CompletionException e) {
            // a bug while reading (not bad input, which comes back as a problem): rethrown as it would have been
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw e;
        }
        if (loaded.symbols() != null) {
            return Optional.of(loaded.symbols());
        }
        if (loaded.problem() != null) {
            warn.accept(loaded.problem() + ": frames of " + m.path() + " stay unnamed");
        } else {
            warn.accept("no readable copy of " + m.path() + (m.deleted() ? " (deleted)" : "") + ": its frames stay unnamed"
                    + (m.deleted() ? " (give the target's pid while it lives, or --lib-dir)" : ""));
        }
        return Optional.empty();
    }

    // "int com.github.luben.zstd.ZstdOutputStreamNoFinalizer.compressStream(long, byte[], int, byte[], int)"
    // "void java.lang.Object.<init>()" (JDK 17+), "Interpreter", "StubRoutines (1)", "I2C/C2I adapters"
    static StackFrame jitFrame(String perfName) {
        int paren = perfName.indexOf('(');
        if (paren <= 0 || perfName.startsWith("StubRoutines") || perfName.endsWith("adapters")) {
            return new StackFrame(perfName, null, StackFrame.Kind.JIT_STUB);
        }
        String head = perfName.substring(0, paren).strip();
        int space = head.lastIndexOf(' ');
        String method = space < 0 ? head : head.substring(space + 1);
        return StackFrame.java(method.replace("::", "."));
    }
}
