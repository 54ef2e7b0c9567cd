package dev.offheap.profile;

import dev.offheap.model.InputException;
import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.PerfMap;
import dev.offheap.model.StackFrame;
import dev.offheap.parse.ElfSymbols;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Names the addresses of a malloc stack: native code through the ELF symbols of the mapped file and the DWARF of its
 * detached debug file if one is installed under the debug root (placed by the mapping's offset, so PIE executables and
 * shared objects need no other load bias; named as jeprof names them, see {@link LibrarySymbols}), generated code
 * through the JIT's perf map (compiled methods and native-method wrappers as Java methods; interpreter and stubs by name).
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
    private final Map<String, Optional<LibrarySymbols>> elves = new HashMap<>();
    private final Map<Long, StackFrame> frames = new HashMap<>();

    public Symbolizer(MemoryMap maps, PerfMap perfMap, LibraryFiles files, Consumer<String> warn) {
        this(maps, perfMap, files, warn, DEBUG_ROOT);
    }

    /** {@code debugRoot}: the .build-id folder of detached debug files (null: use none). */
    public Symbolizer(MemoryMap maps, PerfMap perfMap, LibraryFiles files, Consumer<String> warn, Path debugRoot) {
        this.maps = maps;
        this.perfMap = perfMap;
        this.files = files;
        this.warn = warn;
        this.debugRoot = debugRoot;
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
        Optional<LibrarySymbols> elf = elves.computeIfAbsent(m.path(), p -> load(m));
        Optional<String> name = elf.flatMap(e -> e.vaddrOfFileOffset(fileOffset)).flatMap(v -> elf.get().name(v));
        return StackFrame.nativeFrame(name.orElse("[" + library + "+0x" + Long.toHexString(fileOffset) + "]"), library);
    }

    private Optional<LibrarySymbols> load(Mapping m) {
        Optional<Path> file = files.locate(m);
        if (file.isEmpty()) {
            warn.accept("no readable copy of " + m.path() + (m.deleted() ? " (deleted)" : "") + ": its frames stay unnamed"
                    + (m.deleted() ? " (give the target's pid while it lives, or --lib-dir)" : ""));
            return Optional.empty();
        }
        try {
            ElfSymbols elf = ElfSymbols.read(file.get());
            Path debug = debugFile(elf.buildId());
            return Optional.of(new LibrarySymbols(elf, debug == null ? null : ElfSymbols.read(debug)));
        } catch (InputException e) {
            warn.accept(e.getMessage() + ": frames of " + m.path() + " stay unnamed");
            return Optional.empty();
        }
    }

    /** /usr/lib/debug/.build-id/ab/cdef....debug for build-id abcdef..., if installed. */
    private Path debugFile(String buildId) {
        if (debugRoot == null || buildId == null || buildId.length() < 3) {
            return null;
        }
        Path p = debugRoot.resolve(buildId.substring(0, 2)).resolve(buildId.substring(2) + ".debug");
        return java.nio.file.Files.isRegularFile(p) ? p : null;
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
