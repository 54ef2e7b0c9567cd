package dev.offheap.parse.symbols;

import java.util.regex.Pattern;

/**
 * Shortens Itanium C++ mangled names ({@code _ZN2os6mallocEm8MEMFLAGSRK15NativeCallStack}) to the function name as
 * jeprof prints it ({@code os::malloc}): the {@code addr2line -C} text with parameter lists, template arguments and
 * leading return types dropped by jeprof's own rule (its {@code ShortFunctionName}); compiler clones stay as
 * {@code [clone .part.0]}. A name that does not demangle is returned unchanged, as {@code c++filt} leaves it.
 */
public final class CxxNames {
    private static final Pattern PARAMETERS = Pattern.compile("\\([^()]*\\)(\\s*const)?");
    private static final Pattern TEMPLATE_ARGS = Pattern.compile("<[^<>]*>");
    private static final Pattern LEADING_TYPE = Pattern.compile("^.*\\s+(\\w+::)");

    private CxxNames() {
    }

    /** The name as jeprof shows it: jeprof's ShortFunctionName of what addr2line -C (or nm -C) prints. */
    public static String shorten(String symbol) {
        String full = demangle(symbol, false);
        return full.equals(symbol) ? symbol : shortFunctionName(full);
    }

    /** The text {@code c++filt} prints for a symbol; the symbol itself when it is not a mangled C++ name. */
    public static String demangle(String symbol) {
        return demangle(symbol, true);
    }

    /** The text addr2line -C and nm -C print (non-verbose: {@code std::string} for {@code Ss}). */
    public static String demangleAsAddr2line(String symbol) {
        return demangle(symbol, false);
    }

    private static String demangle(String symbol, boolean verbose) {
        String text = CxxDemangler.demangle(symbol, verbose);
        return text == null ? symbol : text.replace("" + CxxTypes.HOLE, "");
    }

    /** jeprof's ShortFunctionName of an already demangled name (as addr2line -C prints it). */
    public static String shortenDemangled(String function) {
        return shortFunctionName(function);
    }

    /** jeprof's ShortFunctionName: drops "(...)" (and a following const), then "<...>", then a leading return type. */
    static String shortFunctionName(String function) {
        String f = function;
        for (String before = null; !f.equals(before); ) {
            before = f;
            f = PARAMETERS.matcher(f).replaceAll("");
        }
        for (String before = null; !f.equals(before); ) {
            before = f;
            f = TEMPLATE_ARGS.matcher(f).replaceAll("");
        }
        return LEADING_TYPE.matcher(f).replaceFirst("$1");
    }
}
