package dev.offheap.parse;

/**
 * Shortens Itanium C++ mangled names ({@code _ZN2os6mallocEm8MEMFLAGSRK15NativeCallStack}) to the qualified function
 * name without parameters ({@code os::malloc}), as jeprof prints functions: template arguments dropped, thunks named
 * by their target, compiler clones as {@code [clone .part.0]}. Anything it does not understand is returned unchanged.
 */
public final class CxxNames {
    private CxxNames() {
    }

    public static String shorten(String symbol) {
        if (!symbol.startsWith("_Z")) {
            return symbol;
        }
        int dot = symbol.indexOf('.');
        String plain = dot > 0 ? symbol.substring(0, dot) : symbol;
        String name = shortenPlain(plain);
        if (name.equals(plain)) {
            return symbol;
        }
        // "_ZN15ciInstanceKlass24compute_nonstatic_fieldsEv.part.0": a compiler clone, shown as c++filt does
        return dot > 0 ? name + " [clone " + symbol.substring(dot) + "]" : name;
    }

    private static String shortenPlain(String symbol) {
        try {
            String s = symbol.startsWith("_ZL") ? symbol.substring(3) : symbol.substring(2);
            // "_ZThn8_N12LIRGenerator8block_doEP10BlockBegin": a this-adjusting thunk, named as its target
            if (s.startsWith("Th") || s.startsWith("Tv")) {
                s = s.substring(s.indexOf('_') + 1);
                if (s.startsWith("_")) {
                    s = s.substring(1);
                }
            }
            StringBuilder out = new StringBuilder();
            if (s.startsWith("N")) {
                nested(s, 1, out);
            } else {
                int[] pos = {s.startsWith("St") ? 2 : 0};
                String name = component(s, pos, null);
                if (name == null) {
                    return symbol;
                }
                out.append(s.startsWith("St") ? "std::" : "").append(name);

            }
            return out.length() == 0 ? symbol : out.toString();
        } catch (RuntimeException e) {
            return symbol;
        }
    }

    /** N [qualifiers] component... E */
    private static void nested(String s, int from, StringBuilder out) {
        int[] pos = {from};
        while (pos[0] < s.length() && "rVKRO".indexOf(s.charAt(pos[0])) >= 0) {
            pos[0]++;
        }
        String last = null;
        while (pos[0] < s.length() && s.charAt(pos[0]) != 'E') {
            char c = s.charAt(pos[0]);
            if (c == 'I') {
                skipTemplateArgs(s, pos);
                continue;
            }
            if (c == 'S' && pos[0] + 1 < s.length() && s.charAt(pos[0] + 1) == 't') {
                pos[0] += 2;
                append(out, "std");
                continue;
            }
            String name = component(s, pos, last);
            if (name == null) {
                throw new IllegalArgumentException("unknown component");
            }
            append(out, name);
            if (Character.isJavaIdentifierStart(name.charAt(0))) {
                last = name;
            }
        }
    }

    private static void append(StringBuilder out, String name) {
        if (out.length() > 0) {
            out.append("::");
        }
        out.append(name);
    }

    /** One unqualified name: a source name, a constructor/destructor, an operator, or a substitution (skipped). */
    private static String component(String s, int[] pos, String enclosing) {
        char c = s.charAt(pos[0]);
        if (Character.isDigit(c)) {
            int end = pos[0];
            while (Character.isDigit(s.charAt(end))) {
                end++;
            }
            int len = Integer.parseInt(s.substring(pos[0], end));
            pos[0] = end + len;
            return s.substring(end, end + len);
        }
        if ((c == 'C' || c == 'D') && pos[0] + 1 < s.length() && Character.isDigit(s.charAt(pos[0] + 1)) && enclosing != null) {
            pos[0] += 2;
            return c == 'C' ? enclosing : "~" + enclosing;
        }
        if (c == 'S') {
            // a substitution of an earlier prefix (S_, S0_, Sa, Ss ...): its text is not rebuilt here
            int end = s.indexOf('_', pos[0]);
            pos[0] = Character.isLowerCase(s.charAt(pos[0] + 1)) ? pos[0] + 2 : end + 1;
            return "{S}";
        }
        if (c == 'L') {
            pos[0]++;
            return component(s, pos, enclosing);
        }
        String op = s.substring(pos[0], Math.min(pos[0] + 2, s.length()));
        String name = switch (op) {
            case "nw" -> "operator new";
            case "na" -> "operator new[]";
            case "dl" -> "operator delete";
            case "da" -> "operator delete[]";
            case "cl" -> "operator()";
            case "aS" -> "operator=";
            case "eq" -> "operator==";
            case "ix" -> "operator[]";
            default -> null;
        };
        if (name != null) {
            pos[0] += 2;
        }
        return name;
    }

    /** Skips I ... E, counting nested I/N/L...E and jumping over length-prefixed names. */
    private static void skipTemplateArgs(String s, int[] pos) {
        int depth = 0;
        do {
            char c = s.charAt(pos[0]);
            if (Character.isDigit(c)) {
                int end = pos[0];
                while (Character.isDigit(s.charAt(end))) {
                    end++;
                }
                pos[0] = end + Integer.parseInt(s.substring(pos[0], end));
                continue;
            }
            if (c == 'I' || c == 'N' || c == 'L' || c == 'X' || c == 'J') {
                depth++;
            } else if (c == 'E') {
                depth--;
            }
            pos[0]++;
        } while (depth > 0);
    }
}
