package dev.offheap.parse.proc;

import dev.offheap.model.CgroupMemory;
import dev.offheap.model.CgroupPath;
import dev.offheap.model.InputException;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.parse.Lines;
import dev.offheap.parse.TextInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads {@code /proc/PID/cgroup} and the memory controller's files of one cgroup, live (a directory under
 * /sys/fs/cgroup) or saved (a folder holding copies of the same file names). v1: memory.limit_in_bytes,
 * memory.usage_in_bytes, memory.max_usage_in_bytes, memory.memsw.limit_in_bytes, memory.kmem.usage_in_bytes,
 * memory.stat. v2: memory.max, memory.current, memory.peak (5.19+), memory.swap.max, memory.stat.
 */
public final class CgroupParser {
    /** v1 prints "no limit" as Long.MAX_VALUE rounded down to a page (9223372036854771712); anything this big is none. */
    private static final long V1_UNLIMITED = 1L << 62;
    static final List<String> V1_FILES = List.of("memory.limit_in_bytes", "memory.usage_in_bytes",
            "memory.max_usage_in_bytes", "memory.memsw.limit_in_bytes", "memory.kmem.usage_in_bytes", "memory.stat");
    static final List<String> V2_FILES = List.of("memory.max", "memory.current", "memory.peak", "memory.swap.max",
            "memory.stat");

    private CgroupParser() {
    }

    /** {@code /proc/PID/cgroup}: "hierarchy-ID:controller-list:cgroup-path" per line. */
    public static Parsed<List<CgroupPath>> parseProcCgroup(String text, String source) {
        if (text.isBlank()) {
            throw new InputException(source + ": empty file, expected /proc/PID/cgroup");
        }
        List<CgroupPath> out = new ArrayList<>();
        List<ParseWarning> warnings = new ArrayList<>();
        Lines lines = new Lines(text);
        while (lines.next()) {
            String line = lines.line();
            if (line.isBlank()) {
                continue;
            }
            // "4:memory:/process_api/2105", "1:name=systemd:/", "0::/"
            int c1 = line.indexOf(':');
            int c2 = c1 < 0 ? -1 : line.indexOf(':', c1 + 1);
            Integer id = c1 > 0 ? parseInt(line.substring(0, c1)) : null;
            if (c2 < 0 || id == null || !line.startsWith("/", c2 + 1)) {
                if (out.isEmpty() && lines.number() == 1) {
                    throw new InputException(source + ":1: expected 'hierarchy-id:controllers:/path', found: " + TextInput.quote(line));
                }
                warnings.add(new ParseWarning(source, lines.number(), "expected 'hierarchy-id:controllers:/path', skipped: " + TextInput.quote(line)));
                continue;
            }
            String controllers = line.substring(c1 + 1, c2);
            out.add(new CgroupPath(id, controllers.isEmpty() ? List.of() : List.of(controllers.split(",")), line.substring(c2 + 1)));
        }
        return new Parsed<>(List.copyOf(out), warnings);
    }

    public static Parsed<List<CgroupPath>> parseProcCgroup(Path file) {
        return parseProcCgroup(TextInput.read(file), TextInput.sourceName(file));
    }

    /** Reads the memory files present in {@code dir} (v2 if memory.max or memory.current is there, else v1). */
    public static Parsed<CgroupMemory> parseDirectory(Path dir, String cgroupPath) {
        boolean v2 = Files.exists(dir.resolve("memory.max")) || Files.exists(dir.resolve("memory.current"));
        boolean v1 = Files.exists(dir.resolve("memory.limit_in_bytes")) || Files.exists(dir.resolve("memory.usage_in_bytes"));
        if (!v1 && !v2) {
            throw new InputException(dir + ": no cgroup memory files (memory.max, memory.current, memory.limit_in_bytes)");
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : v2 ? V2_FILES : V1_FILES) {
            Path f = dir.resolve(name);
            if (Files.isReadable(f)) {
                files.put(name, TextInput.read(f));
            }
        }
        return parse(v2 ? 2 : 1, cgroupPath, files);
    }

    /** Builds the result from file contents by file name (absent files are simply missing from the map). */
    public static Parsed<CgroupMemory> parse(int version, String cgroupPath, Map<String, String> files) {
        List<ParseWarning> warnings = new ArrayList<>();
        Map<String, Long> stat = files.containsKey("memory.stat")
                ? parseStat(files.get("memory.stat"), "memory.stat", warnings) : Map.of();
        CgroupMemory m;
        if (version == 2) {
            m = new CgroupMemory(2, cgroupPath, value(files, "memory.max", false, warnings),
                    value(files, "memory.current", false, warnings), value(files, "memory.peak", false, warnings),
                    value(files, "memory.swap.max", false, warnings), OptionalLong.empty(), stat);
        } else {
            OptionalLong limit = value(files, "memory.limit_in_bytes", true, warnings);
            Long hierarchical = stat.get("hierarchical_memory_limit");
            if (limit.isEmpty() && hierarchical != null && hierarchical < V1_UNLIMITED) {
                limit = OptionalLong.of(hierarchical); // a parent group's limit applies
            }
            OptionalLong memsw = value(files, "memory.memsw.limit_in_bytes", true, warnings);
            OptionalLong swap = memsw.isPresent() && limit.isPresent()
                    ? OptionalLong.of(Math.max(0, memsw.getAsLong() - limit.getAsLong())) : OptionalLong.empty();
            m = new CgroupMemory(1, cgroupPath, limit, value(files, "memory.usage_in_bytes", true, warnings),
                    value(files, "memory.max_usage_in_bytes", true, warnings), swap,
                    value(files, "memory.kmem.usage_in_bytes", true, warnings), stat);
        }
        return new Parsed<>(m, warnings);
    }

    /** One-number files: "536870912", v2 "max" (no limit); empty when absent, unlimited or unreadable (warned). */
    private static OptionalLong value(Map<String, String> files, String name, boolean v1, List<ParseWarning> warnings) {
        String text = files.get(name);
        if (text == null) {
            return OptionalLong.empty();
        }
        String v = text.trim();
        if (v.equals("max")) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(v);
            return v1 && n >= V1_UNLIMITED ? OptionalLong.empty() : OptionalLong.of(n);
        } catch (NumberFormatException e) {
            warnings.add(new ParseWarning(name, 1, "expected a number of bytes" + (v1 ? "" : " or 'max'")
                    + ", skipped: " + TextInput.quote(v)));
            return OptionalLong.empty();
        }
    }

    /** memory.stat: "anon 25473024" per line. */
    public static Map<String, Long> parseStat(String text, String source, List<ParseWarning> warnings) {
        Map<String, Long> stat = new LinkedHashMap<>();
        Lines lines = new Lines(text);
        while (lines.next()) {
            String line = lines.line();
            if (line.isBlank()) {
                continue;
            }
            int sp = line.indexOf(' ');
            try {
                if (sp <= 0) {
                    throw new NumberFormatException();
                }
                stat.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1).trim()));
            } catch (NumberFormatException e) {
                warnings.add(new ParseWarning(source, lines.number(), "expected '<name> <n>', skipped: " + TextInput.quote(line)));
            }
        }
        return stat;
    }

    private static Integer parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Which files {@link #parseDirectory} reads, by version (for collectors that copy them). */
    public static List<String> fileNames(int version) {
        return version == 2 ? V2_FILES : V1_FILES;
    }
}
