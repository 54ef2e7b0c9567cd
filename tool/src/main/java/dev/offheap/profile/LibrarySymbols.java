package dev.offheap.profile;

import dev.offheap.parse.symbols.CxxNames;
import dev.offheap.parse.symbols.DwarfFunctions;
import dev.offheap.parse.symbols.ElfSymbols;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names addresses of one library as jeprof does: jeprof asks {@code addr2line -f -C} (which reads the DWARF and the
 * symbol table of the detached debug file found by build-id, else of the library) and keeps {@code nm}'s name of the
 * library when that begins with addr2line's. So: the innermost function in the DWARF, an inlined one included, by its
 * linkage name; else the symbol addr2line picks; shortened as jeprof shortens C++ names; symbol versions dropped.
 */
final class LibrarySymbols {
    // "dlopen@GLIBC_2.2.5", "getpwuid_r@@GLIBC_2.2.5": versioned names of a debug file's .symtab
    private static final Pattern VERSION = Pattern.compile("@@?[A-Za-z_][A-Za-z0-9_.]*$");

    private final ElfSymbols library;
    private final ElfSymbols debug;
    private final DwarfFunctions dwarf;
    private final Map<String, String> demangled = new HashMap<>();

    /** {@code debug} (the detached debug file) may be null; the DWARF is the library's own if it has any, else the debug file's. */
    LibrarySymbols(ElfSymbols library, ElfSymbols debug) {
        this.library = library;
        this.debug = debug;
        this.dwarf = library.dwarf().or(() -> debug == null ? Optional.empty() : debug.dwarf()).orElse(null);
    }

    Optional<Long> vaddrOfFileOffset(long fileOffset) {
        return library.vaddrOfFileOffset(fileOffset);
    }

    boolean hasDebugFile() {
        return debug != null;
    }

    boolean hasDwarf() {
        return dwarf != null;
    }

    /** The function name jeprof shows for link-time address {@code vaddr}; empty past the end of the last symbol. */
    Optional<String> name(long vaddr) {
        ElfSymbols table = debug != null ? debug : library;
        String raw = null;
        Optional<DwarfFunctions.Function> f = dwarf == null ? Optional.empty() : dwarf.lookup(vaddr);
        if (f.isPresent()) {
            raw = f.get().name();
            if (!f.get().linkage()) {
                // a C++ DW_AT_name ("new_entry"): addr2line prefers the symbol starting where the function starts
                Optional<ElfSymbols.Hit> hit = table.symbolAt(vaddr);
                if (hit.isPresent() && hit.get().start() == f.get().lowPc()) {
                    raw = hit.get().name();
                }
            }
        } else {
            raw = table.symbolAt(vaddr).filter(ElfSymbols.Hit::covers).map(ElfSymbols.Hit::name).orElse(null);
        }
        if (raw == null) {
            return Optional.empty();
        }
        String shown = shortened(withoutVersion(raw));
        Optional<String> nm = library.nmNameAt(vaddr).map(LibrarySymbols::withoutVersion);
        if (nm.isPresent() && demangled(nm.get()).startsWith(shown)) {
            shown = shortened(nm.get());
        }
        return Optional.of(shown);
    }

    // each symbol is demangled once: a profile's addresses fall in the same functions again and again, and the
    // name addr2line gives is most often nm's too
    private String demangled(String symbol) {
        return demangled.computeIfAbsent(symbol, CxxNames::demangleAsAddr2line);
    }

    /** {@link CxxNames#shorten} through the memo. */
    private String shortened(String symbol) {
        String full = demangled(symbol);
        return full.equals(symbol) ? symbol : CxxNames.shortenDemangled(full);
    }

    static String withoutVersion(String name) {
        return VERSION.matcher(name).replaceFirst("");
    }
}
