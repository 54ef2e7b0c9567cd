package dev.offheap.profile;

import dev.offheap.model.Mapping;
import dev.offheap.model.TargetException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Refuses (or, with {@code --force}, warns about) combinations known to break malloc profiling with async-profiler,
 * and finds a profiler library already loaded in the target so that a second copy is never loaded.
 */
final class ProfilerPreflight {
    /** {@code loadedLibrary}: the path, as the target sees it, of an async-profiler library it already has. */
    record Result(Optional<String> loadedLibrary) {
    }

    private ProfilerPreflight() {
    }

    static Result check(AsyncProfilerSession.Target target, boolean force, Consumer<String> warn) {
        target.ldPreload().ifPresent(preload -> {
            for (String lib : preload.split("[ :]+")) {
                if (lib.contains("jemalloc") || lib.contains("tcmalloc") || lib.contains("mimalloc")) {
                    String msg = "pid " + target.pid() + " preloads " + lib + " (LD_PRELOAD): async-profiler's malloc hooks"
                            + " may miss or mismatch calls into a replaced allocator; use the allocator's own profiling"
                            + " (offheap run --jemalloc)";
                    if (!force) {
                        throw new TargetException(msg + ", or --force to profile anyway");
                    }
                    warn.accept(msg);
                }
            }
        });
        Optional<Mapping> loaded = AsyncProfilerSession.loadedProfiler(target.maps());
        if (loaded.isEmpty()) {
            return new Result(Optional.empty());
        }
        Mapping m = loaded.get();
        if (!m.deleted()) {
            return new Result(Optional.of(m.path()));
        }
        // the file is gone (an earlier offheap session deleted its copy): dlopen of the same inode through
        // map_files returns the library already loaded instead of a second copy
        String range = HexFormat.of().toHexDigits(m.startAddress()).replaceFirst("^0+(?=.)", "") + "-"
                + HexFormat.of().toHexDigits(m.endAddress()).replaceFirst("^0+(?=.)", "");
        return new Result(Optional.of("/proc/self/map_files/" + range));
    }
}
