package dev.offheap.parse.proc;

import dev.offheap.model.InputException;
import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.parse.Lines;
import dev.offheap.parse.TextInput;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads {@code /proc/PID/smaps} (Linux 2.6.14+; the VmFlags line from 3.8), {@code /proc/PID/maps} (mapping lines
 * only: counters unknown) and {@code /proc/PID/smaps_rollup} (4.14+), live or saved ({@code cat /proc/PID/smaps}).
 * Hand-written scanning instead of regexes: a JVM with thousands of threads has tens of thousands of mappings.
 */
public final class SmapsParser {
    private static final String DELETED = " (deleted)";
    private static final String EXPECTED_HEADER =
            "expected a mapping line '<start>-<end> <perms> <offset> <dev> <inode> [<path>]'";

    // counters kept per mapping, in this order
    private static final int RSS = 0, PSS = 1, SHARED_CLEAN = 2, SHARED_DIRTY = 3, PRIVATE_CLEAN = 4,
            PRIVATE_DIRTY = 5, ANONYMOUS = 6, ANON_HUGE = 7, SWAP = 8, LOCKED = 9, COUNTERS = 10;

    private final String source;
    private final List<ParseWarning> warnings = new ArrayList<>();
    private final List<Mapping> mappings = new ArrayList<>();
    private final long[] counters = new long[COUNTERS];
    private final boolean[] seen = new boolean[COUNTERS];
    private Header header;
    private List<String> vmFlags;
    private boolean anyCounters;
    private int orphanLines;
    private boolean lastHadFields;
    private boolean currentHasFields;
    private boolean cut;

    private SmapsParser(String source) {
        this.source = source;
    }

    public static Parsed<MemoryMap> parse(Path file) {
        return parse(TextInput.read(file), TextInput.sourceName(file));
    }

    public static Parsed<MemoryMap> parse(Reader reader, String source) {
        return parse(TextInput.read(reader, source), source);
    }

    /** Parses smaps or maps text; {@code source} names it in messages ("smaps.txt", "/proc/42/smaps"). */
    public static Parsed<MemoryMap> parse(String text, String source) {
        SmapsParser p = new SmapsParser(source);
        p.run(text);
        OptionalLong cutAt = p.cut ? OptionalLong.of(TextInput.utf8Length(text)) : OptionalLong.empty();
        return new Parsed<>(new MemoryMap(p.mappings, cutAt), p.warnings);
    }

    /** Parses smaps_rollup: one {@code [rollup]} line spanning all mappings, then the summed counters. */
    public static Parsed<Mapping> parseRollup(String text, String source) {
        Parsed<MemoryMap> all = parse(text, source);
        List<Mapping> m = all.value().mappings();
        if (m.size() != 1 || !"[rollup]".equals(m.get(0).path())) {
            throw new InputException(source + ": expected smaps_rollup (one '[rollup]' entry), found "
                    + m.size() + " mappings");
        }
        return new Parsed<>(m.get(0), all.warnings());
    }

    public static Parsed<Mapping> parseRollup(Path file) {
        return parseRollup(TextInput.read(file), TextInput.sourceName(file));
    }

    private void run(String text) {
        if (text.isBlank()) {
            throw new InputException(source + ": empty file, expected smaps or maps");
        }
        Lines lines = new Lines(text);
        boolean first = true;
        while (lines.next()) {
            String line = lines.line();
            if (line.isEmpty()) {
                continue;
            }
            if (lines.unterminated()) {
                warnings.add(new ParseWarning(source, lines.number(),
                        "file ends inside a line (truncated copy?), skipped: " + TextInput.quote(line)));
                cut = true;
                break;
            }
            if (isHeader(line)) {
                finish(lines.number());
                header = parseHeader(line);
                if (header == null) {
                    if (first) {
                        throw new InputException(source + ":" + lines.number() + ": " + EXPECTED_HEADER
                                + ", found: " + TextInput.quote(line));
                    }
                    warnings.add(new ParseWarning(source, lines.number(), EXPECTED_HEADER + ", skipped: "
                            + TextInput.quote(line)));
                }
            } else if (first) {
                throw new InputException(source + ":" + lines.number() + ": " + EXPECTED_HEADER
                        + ", found: " + TextInput.quote(line));
            } else if (!isField(line)) {
                finish(lines.number());
                warnings.add(new ParseWarning(source, lines.number(), "expected a mapping line or '<Field>: <value>', skipped: "
                        + TextInput.quote(line)));
            } else if (header == null) {
                orphanLines++;
            } else {
                field(line, lines.number());
            }
            first = false;
        }
        finish(lines.number());
        if (orphanLines > 0) {
            warnings.add(new ParseWarning(source, 0, orphanLines + " field lines without a valid mapping line skipped"));
        }
        if (anyCounters && !mappings.isEmpty() && !lastHadFields) {
            warnings.add(new ParseWarning(source, lines.number(), "last mapping has no counters (truncated copy?)"));
            cut = true;
        }
    }

    /** A mapping line starts with a lower-case hex address and a dash; field names start with a capital letter. */
    private static boolean isHeader(String line) {
        char c = line.charAt(0);
        return (c >= '0' && c <= '9' || c >= 'a' && c <= 'f') && line.indexOf('-') > 0
                && line.indexOf('-') < line.indexOf(' ');
    }

    private record Header(long start, long end, String perms, long offset, String device, long inode,
                          String path, boolean deleted) {
    }

    // "7fcd19b36000-7fcd19c36000 rw-s 00000000 fe:00 2146791                    /tmp/x/mapped.bin (deleted)"
    private static Header parseHeader(String line) {
        try {
            int dash = line.indexOf('-');
            int sp1 = line.indexOf(' ', dash);
            if (sp1 < 0 || sp1 + 5 >= line.length() || line.charAt(sp1 + 5) != ' ') {
                return null;
            }
            int sp3 = line.indexOf(' ', sp1 + 6);
            int sp4 = sp3 < 0 ? -1 : line.indexOf(' ', sp3 + 1);
            if (sp4 < 0) {
                return null;
            }
            int inodeEnd = line.indexOf(' ', sp4 + 1);
            inodeEnd = inodeEnd < 0 ? line.length() : inodeEnd;
            long start = Long.parseUnsignedLong(line, 0, dash, 16);
            long end = Long.parseUnsignedLong(line, dash + 1, sp1, 16);
            String perms = line.substring(sp1 + 1, sp1 + 5);
            long offset = Long.parseUnsignedLong(line, sp1 + 6, sp3, 16);
            String device = line.substring(sp3 + 1, sp4);
            long inode = Long.parseLong(line, sp4 + 1, inodeEnd, 10);
            int p = inodeEnd;
            while (p < line.length() && line.charAt(p) == ' ') {
                p++;
            }
            String path = p < line.length() ? line.substring(p) : null;
            boolean deleted = path != null && path.endsWith(DELETED);
            if (deleted) {
                path = path.substring(0, path.length() - DELETED.length());
            }
            if (Long.compareUnsigned(end, start) < 0 || !validPerms(perms) || device.indexOf(':') < 0) {
                return null;
            }
            return new Header(start, end, perms, offset, device, inode, path, deleted);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** "Rss:", "Shared_Clean:", "THPeligible:", "VmFlags:": a capital letter, then letters, digits or '_', then ':'. */
    private static boolean isField(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0 || !Character.isUpperCase(line.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = line.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean validPerms(String p) {
        return (p.charAt(0) == 'r' || p.charAt(0) == '-') && (p.charAt(1) == 'w' || p.charAt(1) == '-')
                && (p.charAt(2) == 'x' || p.charAt(2) == '-') && (p.charAt(3) == 'p' || p.charAt(3) == 's');
    }

    // "Rss:               65536 kB" and "VmFlags: rd wr mr mw me ac "
    private void field(String line, int number) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            warnings.add(new ParseWarning(source, number, "expected '<Field>: <n> kB', skipped: " + TextInput.quote(line)));
            return;
        }
        String name = line.substring(0, colon);
        currentHasFields = true;
        if (name.equals("VmFlags")) {
            vmFlags = words(line, colon + 1);
            return;
        }
        int index = switch (name) {
            case "Rss" -> RSS;
            case "Pss" -> PSS;
            case "Shared_Clean" -> SHARED_CLEAN;
            case "Shared_Dirty" -> SHARED_DIRTY;
            case "Private_Clean" -> PRIVATE_CLEAN;
            case "Private_Dirty" -> PRIVATE_DIRTY;
            case "Anonymous" -> ANONYMOUS;
            case "AnonHugePages" -> ANON_HUGE;
            case "Swap" -> SWAP;
            case "Locked" -> LOCKED;
            default -> -1;
        };
        if (index < 0) {
            return;
        }
        long kb = kilobytes(line, colon + 1);
        if (kb < 0) {
            warnings.add(new ParseWarning(source, number, "expected '" + name + ": <n> kB', skipped: " + TextInput.quote(line)));
            return;
        }
        counters[index] = kb * 1024;
        seen[index] = true;
        anyCounters = true;
    }

    /** Blank-separated words from {@code from} on ("rd wr mr mw me ac "), without regex splitting. */
    private static List<String> words(String line, int from) {
        List<String> out = new ArrayList<>(12);
        int n = line.length();
        int p = from;
        while (p < n) {
            while (p < n && line.charAt(p) == ' ') {
                p++;
            }
            int start = p;
            while (p < n && line.charAt(p) != ' ') {
                p++;
            }
            if (p > start) {
                out.add(line.substring(start, p));
            }
        }
        return out;
    }

    /** The number in "   65536 kB" starting at {@code from}; -1 when the text is not that shape. */
    private static long kilobytes(String line, int from) {
        int p = from;
        int n = line.length();
        while (p < n && line.charAt(p) == ' ') {
            p++;
        }
        int digits = p;
        long v = 0;
        while (p < n && line.charAt(p) >= '0' && line.charAt(p) <= '9') {
            v = v * 10 + (line.charAt(p) - '0');
            p++;
        }
        if (p == digits || p - digits > 18 || !line.startsWith(" kB", p) || p + 3 != n) {
            return -1;
        }
        return v;
    }

    private void finish(int number) {
        if (header == null) {
            return;
        }
        Header h = header;
        mappings.add(new Mapping(h.start, h.end, h.perms, h.offset, h.device, h.inode, h.path, h.deleted,
                get(RSS), get(PSS), get(SHARED_CLEAN), get(SHARED_DIRTY), get(PRIVATE_CLEAN), get(PRIVATE_DIRTY),
                get(ANONYMOUS), get(ANON_HUGE), get(SWAP), get(LOCKED), vmFlags));
        header = null;
        vmFlags = null;
        lastHadFields = currentHasFields;
        currentHasFields = false;
        Arrays.fill(seen, false);
    }

    private Long get(int index) {
        return seen[index] ? counters[index] : null;
    }
}
