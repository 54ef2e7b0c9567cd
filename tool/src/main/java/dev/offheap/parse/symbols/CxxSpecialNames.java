package dev.offheap.parse.symbols;

/**
 * The special names of the Itanium C++ ABI mangling ({@code _ZTV} vtables, {@code _ZTh}/{@code _ZTv} thunks, guard
 * variables, transaction clones) and GCC's clone suffixes ({@code .part.0}), printed as {@code c++filt} does; part of
 * {@link CxxDemangler}.
 */
final class CxxSpecialNames {
    private CxxSpecialNames() {
    }

    static String special(CxxDemangler d) {
        if (d.accept("TV")) {
            return "vtable for " + d.type();
        } else if (d.accept("TT")) {
            return "VTT for " + d.type();
        } else if (d.accept("TI")) {
            return "typeinfo for " + d.type();
        } else if (d.accept("TS")) {
            return "typeinfo name for " + d.type();
        } else if (d.accept("Th")) {
            callOffset(d, 'h');
            return "non-virtual thunk to " + d.readEncoding();
        } else if (d.accept("Tv")) {
            callOffset(d, 'v');
            return "virtual thunk to " + d.readEncoding();
        } else if (d.accept("Tc")) {
            for (int i = 0; i < 2; i++) {
                char kind = d.at(0);
                d.advance(1);
                callOffset(d, kind);
            }
            return "covariant return thunk to " + d.readEncoding();
        } else if (d.accept("GV")) {
            return "guard variable for " + d.readName().text();
        } else if (d.accept("GR")) {
            String n = d.readName().text();
            d.readSeqId();
            return "reference temporary #0 for " + n;
        } else if (d.accept("GTt")) {
            return "transaction clone for " + d.readEncoding();
        } else if (d.accept("GTn")) {
            return "non-transaction clone for " + d.readEncoding();
        } else if (d.accept("TW")) {
            return "TLS wrapper function for " + d.readName().text();
        } else if (d.accept("TH")) {
            return "TLS init function for " + d.readName().text();
        }
        return null;
    }

    // h <number> _ | v <number> _ <number> _
    private static void callOffset(CxxDemangler d, char kind) {
        d.readNumber();
        d.require('_');
        if (kind == 'v') {
            d.readNumber();
            d.require('_');
        }
    }

    // ".constprop.0.isra.0" -> " [clone .constprop.0] [clone .isra.0]", as c++filt splits them
    static String cloneSuffixes(String rest) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < rest.length()) {
            int start = i++;
            while (i < rest.length() && rest.charAt(i) != '.') {
                i++;
            }
            while (i + 1 < rest.length() && rest.charAt(i) == '.' && Character.isDigit(rest.charAt(i + 1))) {
                i++;
                while (i < rest.length() && Character.isDigit(rest.charAt(i))) {
                    i++;
                }
            }
            out.append(" [clone ").append(rest, start, i).append(']');
        }
        return out.toString();
    }
}
