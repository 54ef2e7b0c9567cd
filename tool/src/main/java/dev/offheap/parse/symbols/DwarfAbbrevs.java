package dev.offheap.parse.symbols;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One abbreviation table of {@code .debug_abbrev} ({@code readelf --debug-dump=abbrev}): a quick scan notes where each
 * code's entry starts, an entry is decoded when a unit first uses it (most units are never read past their top
 * entry, and glibc's debug file has a table per unit). Of duplicate codes the last wins, as in binutils. Part of
 * {@link DwarfFunctions}.
 */
final class DwarfAbbrevs {
    private static final int DENSE_CODES = 1 << 16;
    private final ByteBuffer b;
    // where the entry of a code starts (after the code), by code when codes are small, else in a map; -1: none
    private int[] dense = new int[64];
    private Map<Long, Integer> sparse;
    private final Map<Long, DwarfUnit.Abbrev> decoded = new HashMap<>();

    private DwarfAbbrevs(ByteBuffer b) {
        this.b = b;
        Arrays.fill(dense, -1);
    }

    /** Scans the table that starts at {@code from}. */
    static DwarfAbbrevs scan(ByteBuffer b, long from) {
        DwarfAbbrevs t = new DwarfAbbrevs(b);
        DwarfUnit.Reader r = new DwarfUnit.Reader(null, b, (int) from);
        while (true) {
            long code = r.uleb();
            if (code == 0) {
                return t;
            }
            t.note(code, r.pos);
            skipEntry(r);
        }
    }

    // a method per entry, not one long loop: the JIT compiles a method after a few hundred calls, a loop much later
    private static void skipEntry(DwarfUnit.Reader r) {
        r.uleb();
        r.pos++;
        while (true) {
            long attr = r.uleb();
            long form = r.uleb();
            if (attr == 0 && form == 0) {
                return;
            }
            if (form == 0x21) {
                r.sleb();
            }
        }
    }

    private void note(long code, int pos) {
        if (code > 0 && code < DENSE_CODES) {
            if (code >= dense.length) {
                int old = dense.length;
                dense = Arrays.copyOf(dense, (int) Math.min(DENSE_CODES, Math.max(code + 1, 2L * old)));
                Arrays.fill(dense, old, dense.length, -1);
            }
            dense[(int) code] = pos;
        } else {
            if (sparse == null) {
                sparse = new HashMap<>();
            }
            sparse.put(code, pos);
        }
    }

    /** The abbreviation of a code, or null when the table has none. */
    DwarfUnit.Abbrev get(long code) {
        DwarfUnit.Abbrev a = decoded.get(code);
        if (a != null) {
            return a;
        }
        int pos = code > 0 && code < dense.length ? dense[(int) code] : sparse == null ? -1 : sparse.getOrDefault(code, -1);
        if (pos < 0) {
            return null;
        }
        a = decode(pos);
        decoded.put(code, a);
        return a;
    }

    private DwarfUnit.Abbrev decode(int pos) {
        DwarfUnit.Reader r = new DwarfUnit.Reader(null, b, pos);
        int tag = (int) r.uleb();
        r.pos++;
        int[] attrs = new int[8];
        int[] forms = new int[8];
        long[] consts = new long[8];
        int n = 0;
        while (true) {
            int attr = (int) r.uleb();
            int form = (int) r.uleb();
            if (attr == 0 && form == 0) {
                return new DwarfUnit.Abbrev(tag, Arrays.copyOf(attrs, n), Arrays.copyOf(forms, n), Arrays.copyOf(consts, n));
            }
            if (n == attrs.length) {
                attrs = Arrays.copyOf(attrs, 2 * n);
                forms = Arrays.copyOf(forms, 2 * n);
                consts = Arrays.copyOf(consts, 2 * n);
            }
            attrs[n] = attr;
            forms[n] = form;
            consts[n] = form == 0x21 ? r.sleb() : 0;
            n++;
        }
    }
}
