package dev.offheap.profile;

import dev.offheap.model.InputException;
import dev.offheap.model.Mapping;
import dev.offheap.parse.symbols.ElfSymbols;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds frame names that mislead: async-profiler names an address that no symbol covers after the nearest earlier
 * symbol when that symbol has no size (a stripped library whose {@code .dynsym} keeps {@code _init} of old
 * toolchains names everything after it so). Libraries are read through their mappings of the live process
 * ({@code /proc/PID/map_files}, so deleted copies too).
 */
public final class UnsizedSymbols {
    private UnsizedSymbols() {
    }

    /**
     * @param names the frame names seen, by library file name
     * @return "library`name" for each of those names that is a symbol without a size in its library
     */
    public static Set<String> find(long pid, List<Mapping> maps, Map<String, Set<String>> names) {
        Set<String> out = new TreeSet<>();
        LibraryLocator locator = new LibraryLocator(List.of(), pid);
        for (Map.Entry<String, Set<String>> e : names.entrySet()) {
            String lib = e.getKey();
            Optional<Mapping> m = maps.stream().filter(x -> x.path() != null && x.offset() == 0 && lib.equals(fileName(x.path())))
                    .findFirst();
            if (m.isEmpty()) {
                continue;
            }
            try {
                Optional<java.nio.file.Path> file = locator.locate(m.get());
                if (file.isPresent()) {
                    Set<String> unsized = ElfSymbols.read(file.get()).unsizedNames();
                    e.getValue().stream().filter(unsized::contains).forEach(n -> out.add(lib + "`" + n));
                }
            } catch (InputException ex) {
                // not an ELF file we can read: its frames keep async-profiler's names
            }
        }
        return out;
    }

    /** "/tmp/x/libfoo.so (deleted)" → "libfoo.so", as frames name their library. */
    static String fileName(String path) {
        String p = path.endsWith(" (deleted)") ? path.substring(0, path.length() - " (deleted)".length()) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
