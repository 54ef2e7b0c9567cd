package dev.offheap.parse.proc;

import dev.offheap.model.InputException;
import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.parse.Lines;
import dev.offheap.parse.TextInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of procps-ng {@code pmap -x PID} (Address, Kbytes, RSS, Dirty, Mode, Mapping) and of
 * {@code pmap -X PID} / {@code pmap -XX PID} (smaps columns by name: Perm, Offset, Device, Inode, Size, Rss, Pss, …,
 * VmFlags, Mapping) into a {@link MemoryMap}. pmap names files by their base name only ("libjvm.so") and
 * anonymous memory "[ anon ]"; -x gives no offset, device or inode, and its Dirty column (shared + private) is kept
 * as private dirty. Sizes are KiB; they become bytes here.
 */
public final class PmapParser {
    // "Address           Kbytes     RSS   Dirty Mode  Mapping"
    private static final String X_HEADER = "Address";
    private static final String EXPECTED = "expected pmap -x or -X output (a 'PID:   command' line, then the column header"
            + " 'Address Kbytes RSS Dirty Mode Mapping' or 'Address Perm Offset Device Inode Size Rss …')";

    // "8062:   /usr/lib/jvm/java-17-openjdk-amd64/bin/java -Xmx256m -XX:NativeMemoryTracking=detail …"
    private static final Pattern FIRST_LINE = Pattern.compile("(\\d{1,10}):\\s+(.*?)\\r?");

    private final String source;
    private final List<ParseWarning> warnings = new ArrayList<>();
    private boolean cut;
    /** The numbers of pmap's own total row, by column name ("Kbytes"/"Size", "RSS"/"Rss"). */
    private final Map<String, Long> totalKib = new HashMap<>();

    private PmapParser(String source) {
        this.source = source;
    }

    public static Parsed<MemoryMap> parse(Path file) {
        return parse(TextInput.read(file), TextInput.sourceName(file));
    }

    /** True when the text is pmap -x/-X output: "PID:   command" then a column header starting with Address. */
    public static boolean sniff(String head) {
        String[] lines = head.split("\n", 3);
        return lines.length >= 2 && lines[0].matches("\\d+:\\s+.*") && lines[1].strip().startsWith(X_HEADER + " ");
    }

    public static Parsed<MemoryMap> parse(String text, String source) {
        if (text.isBlank()) {
            throw new InputException(source + ": empty file, " + EXPECTED);
        }
        PmapParser p = new PmapParser(source);
        List<Mapping> mappings = p.run(text);
        OptionalLong cutAt = p.cut ? OptionalLong.of(TextInput.utf8Length(text)) : OptionalLong.empty();
        return new Parsed<>(new MemoryMap(mappings, cutAt), p.warnings);
    }

    /** The process pmap was run on: its first line, "8062:   /usr/bin/java -Xmx256m … Main". */
    public record Header(long pid, String command) {
    }

    /** The first line of pmap output, when it has that shape. */
    public static Optional<Header> header(String text) {
        int nl = text.indexOf('\n');
        Matcher m = FIRST_LINE.matcher(nl < 0 ? text : text.substring(0, nl));
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Header(Long.parseLong(m.group(1)), m.group(2).strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private List<Mapping> run(String text) {
        Lines lines = new Lines(text);
        String[] columns = null;
        boolean totalsFollow = false;
        List<Mapping> mappings = new ArrayList<>();
        while (lines.next()) {
            String line = lines.line();
            String t = line.strip();
            if (columns == null) {
                if (t.startsWith(X_HEADER + " ")) {
                    columns = t.split("\\s+");
                } else if (!t.matches("\\d+:\\s+.*") || lines.number() > 1) {
                    throw new InputException(source + ":" + lines.number() + ": " + EXPECTED + ", found: " + TextInput.quote(line));
                }
                continue;
            }
            if (lines.unterminated() && !t.isEmpty()) {
                warnings.add(new ParseWarning(source, lines.number(), "file ends inside a line (truncated copy?), skipped: "
                        + TextInput.quote(line)));
                cut = true;
                break;
            }
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("---") || t.startsWith("===")) {
                totalsFollow = true;
                continue;
            }
            if (totalsFollow) {
                totals(columns, t, lines.number());
                break;
            }
            try {
                mappings.add(columns.length > 1 && columns[1].equals("Kbytes") ? xRow(t) : bigXRow(columns, t));
            } catch (RuntimeException e) {
                warnings.add(new ParseWarning(source, lines.number(), "expected a mapping row, skipped: " + TextInput.quote(line)));
            }
        }
        if (columns == null) {
            throw new InputException(source + ": no column header, " + EXPECTED);
        }
        if (mappings.isEmpty()) {
            throw new InputException(source + ": no mapping rows, " + EXPECTED);
        }
        if (totalKib.isEmpty() && !cut) {
            warnings.add(new ParseWarning(source, lines.number(), "file ends before pmap's total row (truncated copy?)"));
            cut = true;
        }
        // rows skipped were warned about already, and explain a difference
        if (warnings.isEmpty()) {
            checkTotal(mappings, "Kbytes", "Size", Mapping::sizeBytes, lines.number());
            checkTotal(mappings, "RSS", "Rss", Mapping::rssBytes, lines.number());
        }
        return mappings;
    }

    // -x: "total kB         3008536  205156  183324" (Kbytes, RSS, Dirty)
    // -X: "   2655136 52888 36018     31872 … KB" under the columns from Size on, after a row of '='
    private void totals(String[] columns, String t, int number) {
        String[] f = t.split("\\s+");
        List<String> names = List.of(columns);
        boolean x = names.size() > 1 && names.get(1).equals("Kbytes");
        int from = x ? 2 : 0;
        int firstColumn = x ? 1 : names.indexOf("Size");
        try {
            for (int i = from; i < f.length && firstColumn >= 0 && firstColumn + i - from < names.size(); i++) {
                if (f[i].equals("KB")) {
                    break;
                }
                totalKib.put(names.get(firstColumn + i - from), Long.parseLong(f[i]));
            }
        } catch (NumberFormatException e) {
            totalKib.clear();
            warnings.add(new ParseWarning(source, number, "expected pmap's total row, skipped: " + TextInput.quote(t)));
        }
    }

    /** Warns when pmap's own total of a column is not the sum of the rows read (rows skipped, or a file edited). */
    private void checkTotal(List<Mapping> mappings, String xName, String bigXName, java.util.function.Function<Mapping, Long> bytes,
                            int number) {
        Long total = totalKib.containsKey(xName) ? totalKib.get(xName) : totalKib.get(bigXName);
        if (total == null) {
            return;
        }
        long sum = 0;
        for (Mapping m : mappings) {
            Long b = bytes.apply(m);
            sum += b == null ? 0 : b;
        }
        if (sum != total << 10) {
            warnings.add(new ParseWarning(source, number, "pmap's total " + (totalKib.containsKey(xName) ? xName : bigXName)
                    + " is " + total + " kB, the rows read add up to " + (sum >> 10) + " kB"));
        }
    }

    // "00007f6f4d716000       8       8       8 rw--- ld-linux-x86-64.so.2"
    // "00000000fc000000   63488     112     112 rw---   [ anon ]"
    private static Mapping xRow(String line) {
        String[] f = line.split("\\s+", 6);
        long start = Long.parseUnsignedLong(f[0], 16);
        long size = Long.parseLong(f[1]) << 10;
        long rss = Long.parseLong(f[2]) << 10;
        long dirty = Long.parseLong(f[3]) << 10;
        String mode = f[4];
        // "rw-s-": r, w, x, s (shared) or '-', then R (reserved swap space) or '-'
        String perms = mode.substring(0, 3) + (mode.charAt(3) == 's' ? 's' : 'p');
        String path = f.length > 5 ? name(f[5]) : null;
        return new Mapping(start, start + size, perms, 0, "00:00", 0, path, deleted(f.length > 5 ? f[5] : ""),
                rss, null, null, null, null, dirty, null, null, null, null, List.of());
    }

    // "        ffe00000 rw-p 00c77000  fe:00  328258     468   468   392  …   0 classes.jsa"
    private static Mapping bigXRow(String[] columns, String line) {
        // the last column (Mapping) may be empty or hold blanks; VmFlags (-XX) holds several words
        String[] f = line.split("\\s+");
        Map<String, String> v = new HashMap<>();
        int vmFlags = List.of(columns).indexOf("VmFlags");
        int fixed = vmFlags >= 0 ? vmFlags : columns.length - 1;
        for (int i = 0; i < fixed; i++) {
            v.put(columns[i], f[i]);
        }
        List<String> flags = new ArrayList<>();
        String rest = "";
        if (vmFlags >= 0) {
            int i = fixed;
            while (i < f.length && f[i].length() == 2 && f[i].matches("[a-z][a-z0-9]")) {
                flags.add(f[i++]);
            }
            rest = String.join(" ", java.util.Arrays.copyOfRange(f, i, f.length));
        } else if (f.length > fixed) {
            rest = String.join(" ", java.util.Arrays.copyOfRange(f, fixed, f.length));
        }
        long start = Long.parseUnsignedLong(v.get("Address"), 16);
        long size = kib(v, "Size");
        String path = rest.isEmpty() ? null : name(rest);
        return new Mapping(start, start + size, v.get("Perm"), Long.parseUnsignedLong(v.get("Offset"), 16), v.get("Device"),
                Long.parseLong(v.get("Inode")), path, deleted(rest), kib(v, "Rss"), kibOrNull(v, "Pss"),
                kibOrNull(v, "Shared_Clean"), kibOrNull(v, "Shared_Dirty"), kibOrNull(v, "Private_Clean"),
                kibOrNull(v, "Private_Dirty"), kibOrNull(v, "Anonymous"), kibOrNull(v, "AnonHugePages"),
                kibOrNull(v, "Swap"), kibOrNull(v, "Locked"), flags);
    }

    /** "[ anon ]" is an unnamed mapping; "[ stack ]" is "[stack]"; a file keeps its base name. */
    private static String name(String raw) {
        String n = raw.strip();
        if (n.endsWith(" (deleted)")) {
            n = n.substring(0, n.length() - " (deleted)".length());
        }
        if (n.equals("[ anon ]") || n.isEmpty()) {
            return null;
        }
        return n.startsWith("[ ") && n.endsWith(" ]") ? "[" + n.substring(2, n.length() - 2) + "]" : n;
    }

    private static boolean deleted(String raw) {
        return raw.strip().endsWith(" (deleted)");
    }

    private static long kib(Map<String, String> v, String column) {
        Long b = kibOrNull(v, column);
        if (b == null) {
            throw new IllegalArgumentException("no " + column);
        }
        return b;
    }

    private static Long kibOrNull(Map<String, String> v, String column) {
        String s = v.get(column);
        return s == null ? null : Long.parseLong(s) << 10;
    }
}
