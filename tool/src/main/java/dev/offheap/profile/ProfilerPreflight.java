package dev.offheap.profile;

import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.TargetException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses (or, with {@code --force}, warns about) targets where async-profiler's malloc hooks are known to go wrong
 * (malloc profiling only), and finds a profiler library already loaded in the target so that a second copy is never
 * loaded.
 */
public final class ProfilerPreflight {
    /** {@code loadedLibrary}: the path, as the target sees it, of an async-profiler library it already has. */
    record Result(Optional<String> loadedLibrary) {
    }

    private static final List<String> ALLOCATORS = List.of("jemalloc", "tcmalloc", "mimalloc");
    // "3.10.0-1160.el7.x86_64", "5.15.153.1-microsoft-standard-WSL2", "4.4.0-19041-Microsoft"
    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)");
    static final int MIN_MAJOR = 3;
    static final int MIN_MINOR = 10;

    private ProfilerPreflight() {
    }

    /** Malloc profiling checks the risks of its hooks; page faults need no hook, so only a loaded copy is looked for. */
    static Result check(AsyncProfilerSession.Target target, AsyncProfilerSession.Recording recording, Consumer<String> warn) {
        if (!(recording instanceof AsyncProfilerSession.Options options)) {
            return new Result(loadedLibrary(target.maps()));
        }
        boolean force = options.force();
        for (String reason : risks(target.maps(), target.ldPreload(), target.kernelRelease())) {
            String msg = "pid " + target.pid() + " " + reason;
            if (!force) {
                throw new TargetException(msg + "; --force profiles anyway");
            }
            warn.accept(msg + " (--force: profiling anyway)");
        }
        return new Result(loadedLibrary(target.maps()));
    }

    /**
     * Why malloc profiling is risky in a process with these mappings, LD_PRELOAD and kernel release, one reason per
     * line ("preloads ...", "runs on musl ...", "runs on Linux ..."); empty when it is not known to be.
     */
    public static List<String> risks(MemoryMap maps, Optional<String> ldPreload, String kernelRelease) {
        List<String> out = new ArrayList<>();
        Optional<String> allocator = ldPreload.flatMap(p -> java.util.Arrays.stream(p.split("[ :]+"))
                .filter(ProfilerPreflight::isAllocator).findFirst());
        if (allocator.isEmpty()) {
            // linked in rather than preloaded (DT_NEEDED of the launcher or of a library loaded early)
            allocator = maps.mappings().stream().map(Mapping::path).filter(p -> p != null && isAllocator(p)).findFirst();
        }
        allocator.ifPresent(a -> out.add((ldPreload.isPresent() && ldPreload.get().contains(a) ? "preloads " + a + " (LD_PRELOAD)"
                : "has " + a + " loaded") + ": async-profiler's malloc hooks may miss or mismatch calls into a replaced"
                + " allocator; use the allocator's own profiling (offheap run --jemalloc)"));
        maps.mappings().stream().map(Mapping::path).filter(p -> p != null && isMusl(p)).findFirst()
                .ifPresent(p -> out.add("runs on musl libc (" + p + "): async-profiler's malloc hooks are not reliable there"
                        + " (calloc and posix_memalign call malloc inside musl)"));
        if (!supportedKernel(kernelRelease)) {
            out.add("runs on Linux " + kernelRelease + ": malloc profiling needs Linux " + MIN_MAJOR + "." + MIN_MINOR
                    + " or later (and not WSL 1)");
        }
        return out;
    }

    static boolean isAllocator(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return ALLOCATORS.stream().anyMatch(a -> name.startsWith("lib" + a));
    }

    /** Alpine's "/lib/ld-musl-x86_64.so.1" (and "libc.musl-x86_64.so.1"), Debian's "/usr/lib/x86_64-linux-musl/libc.so". */
    static boolean isMusl(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.startsWith("ld-musl-") || name.startsWith("libc.musl-") || path.contains("-musl/") && name.startsWith("libc.");
    }

    /** Linux 3.10 or later and not WSL 1 (release "4.4.0-NNNNN-Microsoft": a translation layer, no real ELF loader). */
    static boolean supportedKernel(String release) {
        Matcher m = RELEASE.matcher(release.trim());
        if (!m.find() || release.endsWith("-Microsoft")) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > MIN_MAJOR || major == MIN_MAJOR && minor >= MIN_MINOR;
    }

    private static Optional<String> loadedLibrary(MemoryMap maps) {
        Optional<Mapping> loaded = AsyncProfilerSession.loadedProfiler(maps);
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        Mapping m = loaded.get();
        if (!m.deleted()) {
            return Optional.of(m.path());
        }
        // the file is gone (an earlier offheap session deleted its copy): dlopen of the same inode through
        // map_files returns the library already loaded instead of a second copy
        String range = HexFormat.of().toHexDigits(m.startAddress()).replaceFirst("^0+(?=.)", "") + "-"
                + HexFormat.of().toHexDigits(m.endAddress()).replaceFirst("^0+(?=.)", "");
        return Optional.of("/proc/self/map_files/" + range);
    }
}
