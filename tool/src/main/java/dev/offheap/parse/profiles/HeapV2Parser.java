package dev.offheap.parse.profiles;

import dev.offheap.model.HeapProfile;
import dev.offheap.model.InputException;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.parse.Lines;
import dev.offheap.parse.TextInput;
import dev.offheap.parse.proc.SmapsParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a jemalloc heap profile in the heap_v2 format (jemalloc 4 and 5, {@code MALLOC_CONF=prof:true,...}): a header
 * with the sampling period and totals, one {@code @ addr addr ...} line per stack followed by its {@code t*:} totals
 * and per-thread lines, then the {@code MAPPED_LIBRARIES:} section (a copy of /proc/PID/maps). heap_v1 (jemalloc 3,
 * gperftools) is not supported.
 */
public final class HeapV2Parser {
    static final String MAGIC = "heap_v2/";
    private static final String MAPPED = "MAPPED_LIBRARIES:";

    private HeapV2Parser() {
    }

    /** Whether a file's first bytes are those of a heap_v2 profile. */
    public static boolean sniff(byte[] head) {
        return new String(head, 0, Math.min(head.length, MAGIC.length()), java.nio.charset.StandardCharsets.US_ASCII).equals(MAGIC);
    }

    public static Parsed<HeapProfile> parse(Path file) {
        return parse(TextInput.read(file), TextInput.sourceName(file));
    }

    public static Parsed<HeapProfile> parse(String text, String source) {
        List<ParseWarning> warnings = new ArrayList<>();
        Lines lines = new Lines(text);
        if (!lines.next() || !lines.line().startsWith(MAGIC)) {
            String found = lines.line() == null ? "an empty file" : TextInput.quote(lines.line());
            throw new InputException(source + ":1: expected 'heap_v2/<sample period>' (jemalloc 4/5 heap profile), found: " + found);
        }
        long period = number(lines.line().substring(MAGIC.length()), source, 1, "sample period");
        long[] totals = null;
        List<HeapProfile.Stack> stacks = new ArrayList<>();
        long[] pending = null;
        int pendingLine = 0;
        while (lines.next()) {
            String line = lines.line();
            if (line.startsWith("@")) {
                if (pending != null) {
                    warnings.add(new ParseWarning(source, pendingLine, "stack without a 't*:' line, skipped"));
                }
                pending = addresses(line, source, lines.number(), warnings);
                pendingLine = lines.number();
            } else if (line.startsWith("  t*:")) {
                long[] counts = counts(line, source, lines.number(), warnings);
                if (counts == null) {
                    pending = null;
                } else if (totals == null && stacks.isEmpty() && pending == null) {
                    totals = counts;
                } else if (pending != null) {
                    stacks.add(new HeapProfile.Stack(pending, counts[0], counts[1]));
                    pending = null;
                }
            } else if (line.startsWith(MAPPED)) {
                return result(period, totals, stacks, mapped(text, lines, source, warnings), warnings);
            } else if (!line.isBlank() && !line.startsWith("  t")) {
                warnings.add(new ParseWarning(source, lines.number(), "expected '@ <addresses>' or '  t<thread>: ...', skipped: " + TextInput.quote(line)));
            }
        }
        warnings.add(new ParseWarning(source, lines.number(), "no MAPPED_LIBRARIES section (truncated copy?): frames cannot be placed in libraries"));
        return result(period, totals, stacks, new MemoryMap(List.of()), warnings);
    }

    private static Parsed<HeapProfile> result(long period, long[] totals, List<HeapProfile.Stack> stacks, MemoryMap maps,
                                              List<ParseWarning> warnings) {
        long count = totals == null ? 0 : totals[0];
        long bytes = totals == null ? 0 : totals[1];
        return new Parsed<>(new HeapProfile(period, count, bytes, stacks, maps), warnings);
    }

    private static MemoryMap mapped(String text, Lines lines, String source, List<ParseWarning> warnings) {
        StringBuilder maps = new StringBuilder();
        while (lines.next()) {
            if (!lines.line().isBlank()) {
                maps.append(lines.line()).append('\n');
            }
        }
        if (maps.length() == 0) {
            warnings.add(new ParseWarning(source, lines.number(), "empty MAPPED_LIBRARIES section"));
            return new MemoryMap(List.of());
        }
        Parsed<MemoryMap> parsed = SmapsParser.parse(maps.toString(), source + " MAPPED_LIBRARIES");
        warnings.addAll(parsed.warnings());
        return parsed.value();
    }

    // "@ 0x7f0681ea2630 0x7f0681ea2d21 0x7f0681e95f24"
    private static long[] addresses(String line, String source, int number, List<ParseWarning> warnings) {
        String[] words = line.substring(1).trim().split(" +");
        long[] out = new long[words.length];
        try {
            for (int i = 0; i < words.length; i++) {
                String w = words[i];
                out[i] = Long.parseUnsignedLong(w.startsWith("0x") ? w.substring(2) : w, 16);
            }
        } catch (NumberFormatException e) {
            warnings.add(new ParseWarning(source, number, "expected hex addresses after '@', skipped: " + TextInput.quote(line)));
            return null;
        }
        return out;
    }

    // "  t*: 25: 91750400 [0: 0]": sampled objects, sampled bytes, [accumulated objects: bytes] (prof_accum only)
    private static long[] counts(String line, String source, int number, List<ParseWarning> warnings) {
        int c1 = line.indexOf(':');
        int c2 = line.indexOf(':', c1 + 1);
        int br = line.indexOf('[', c2 + 1);
        try {
            long objects = Long.parseLong(line.substring(c1 + 1, c2).trim());
            long bytes = Long.parseLong(line.substring(c2 + 1, br < 0 ? line.length() : br).trim());
            return new long[] {objects, bytes};
        } catch (RuntimeException e) {
            warnings.add(new ParseWarning(source, number, "expected 't*: <objects>: <bytes> [...]', skipped: " + TextInput.quote(line)));
            return null;
        }
    }

    private static long number(String s, String source, int line, String what) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new InputException(source + ":" + line + ": expected a number as " + what + ", found: " + TextInput.quote(s));
        }
    }
}
