package dev.offheap.parse.proc;

import dev.offheap.model.InputException;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.model.ProcessStatus;
import dev.offheap.parse.Lines;
import dev.offheap.parse.TextInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads {@code /proc/PID/status} ({@code cat /proc/PID/status}): "Key:\tvalue" lines. Needs Name and Pid; the other
 * fields are read where present (NSpid from Linux 4.1, RssAnon/RssFile/RssShmem from 4.5).
 */
public final class StatusParser {
    private StatusParser() {
    }

    public static Parsed<ProcessStatus> parse(Path file) {
        return parse(TextInput.read(file), TextInput.sourceName(file));
    }

    public static Parsed<ProcessStatus> parse(String text, String source) {
        if (text.isBlank()) {
            throw new InputException(source + ": empty file, expected /proc/PID/status");
        }
        Map<String, String> fields = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        List<ParseWarning> warnings = new ArrayList<>();
        Lines lines = new Lines(text);
        while (lines.next()) {
            String line = lines.line();
            // "VmRSS:\t  126956 kB"
            int colon = line.indexOf(':');
            if (colon <= 0) {
                if (!line.isBlank()) {
                    warnings.add(new ParseWarning(source, lines.number(), "expected 'Key:<tab>value', skipped: " + TextInput.quote(line)));
                }
                continue;
            }
            String key = line.substring(0, colon);
            fields.put(key, line.substring(colon + 1).trim());
            lineOf.put(key, lines.number());
        }
        if (!fields.containsKey("Name") || !fields.containsKey("Pid")) {
            throw new InputException(source + ": not a /proc/PID/status file: no 'Name:' and 'Pid:' lines");
        }
        Fields f = new Fields(fields, lineOf, source, warnings);
        long pid = f.number("Pid").orElseThrow(() -> new InputException(source + ":" + lineOf.get("Pid")
                + ": expected 'Pid:<tab><n>', found: " + TextInput.quote(fields.get("Pid"))));
        long[] uid = f.numbers("Uid");
        long[] gid = f.numbers("Gid");
        List<Long> nspid = new ArrayList<>();
        for (long n : f.numbers("NSpid")) {
            nspid.add(n);
        }
        ProcessStatus status = new ProcessStatus(fields.get("Name"), fields.get("State"), pid,
                f.number("PPid").orElse(0), at(uid, 0), at(uid, 1), at(gid, 0), at(gid, 1), nspid,
                f.kilobytes("VmPeak"), f.kilobytes("VmSize"), f.kilobytes("VmHWM"), f.kilobytes("VmRSS"),
                f.kilobytes("RssAnon"), f.kilobytes("RssFile"), f.kilobytes("RssShmem"), f.kilobytes("VmSwap"),
                (int) f.number("Threads").orElse(0), f.hex("SigCgt"),
                fields.containsKey("CapEff") ? OptionalLong.of(f.hex("CapEff")) : OptionalLong.empty(), f.number("Seccomp"));
        return new Parsed<>(status, warnings);
    }

    private static OptionalLong at(long[] values, int index) {
        return values.length > index ? OptionalLong.of(values[index]) : OptionalLong.empty();
    }

    /** The fields by key, read into numbers with a warning for each one that is not the expected shape. */
    private record Fields(Map<String, String> fields, Map<String, Integer> lineOf, String source,
                          List<ParseWarning> warnings) {
        OptionalLong number(String key) {
            String v = fields.get(key);
            if (v == null) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(Long.parseLong(v));
            } catch (NumberFormatException e) {
                warn(key, "expected '" + key + ":<tab><n>'");
                return OptionalLong.empty();
            }
        }

        long[] numbers(String key) {
            String v = fields.get(key);
            if (v == null || v.isEmpty()) {
                return new long[0];
            }
            try {
                String[] parts = v.split("\\s+");
                long[] out = new long[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    out[i] = Long.parseLong(parts[i]);
                }
                return out;
            } catch (NumberFormatException e) {
                warn(key, "expected numbers after '" + key + ":'");
                return new long[0];
            }
        }

        // "VmRSS:\t  126956 kB"
        OptionalLong kilobytes(String key) {
            String v = fields.get(key);
            if (v == null) {
                return OptionalLong.empty();
            }
            if (v.endsWith(" kB")) {
                try {
                    return OptionalLong.of(Long.parseLong(v.substring(0, v.length() - 3).trim()) * 1024);
                } catch (NumberFormatException e) {
                    // warned below
                }
            }
            warn(key, "expected '" + key + ": <n> kB'");
            return OptionalLong.empty();
        }

        // "SigCgt:\t2000000101005ccd"
        long hex(String key) {
            String v = fields.get(key);
            if (v == null) {
                return 0;
            }
            try {
                return Long.parseUnsignedLong(v, 16);
            } catch (NumberFormatException e) {
                warn(key, "expected 16 hex digits after '" + key + ":'");
                return 0;
            }
        }

        private void warn(String key, String expected) {
            warnings.add(new ParseWarning(source, lineOf.get(key), expected + ", skipped: " + TextInput.quote(fields.get(key))));
        }
    }
}
