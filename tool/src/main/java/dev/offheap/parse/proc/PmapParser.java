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

    private final String source;
    private final List<ParseWarning> warnings = new ArrayList<>();

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
        return new Parsed<>(new MemoryMap(p.run(text)), p.warnings);
    }

    private List<Mapping> run(String text) {
        Lines lines = new Lines(text);
        String[] columns = null;
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
            if (t.isEmpty() || t.startsWith("---") || t.startsWith("===") || t.startsWith("total") || t.matches("[\\d\\s]+KB")) {
                continue;
            }
            if (lines.unterminated()) {
                warnings.add(new ParseWarning(source, lines.number(), "file ends inside a line (truncated copy?), skipped: "
                        + TextInput.quote(line)));
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
        return mappings;
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
