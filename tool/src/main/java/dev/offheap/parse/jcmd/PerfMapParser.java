package dev.offheap.parse.jcmd;

import dev.offheap.model.InputException;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.model.PerfMap;
import dev.offheap.parse.Lines;
import dev.offheap.parse.TextInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a perf map, {@code /tmp/perf-<pid>.map} as {@code jcmd PID Compiler.perfmap} or
 * {@code -XX:+DumpPerfMapAtExit} write it (the format Linux perf reads): one code blob a line, hex start, hex size,
 * name. Lines that do not parse are skipped with a warning.
 */
public final class PerfMapParser {
    private PerfMapParser() {
    }

    public static Parsed<PerfMap> parse(Path file) {
        return parse(TextInput.read(file), TextInput.sourceName(file));
    }

    public static Parsed<PerfMap> parse(String text, String source) {
        List<PerfMap.Entry> entries = new ArrayList<>();
        List<ParseWarning> warnings = new ArrayList<>();
        Lines lines = new Lines(text);
        while (lines.next()) {
            String line = lines.line();
            if (line.isBlank()) {
                continue;
            }
            // "0x00007f06700d2520 0x0000000000000208 int com.github.luben.zstd.ZstdOutputStreamNoFinalizer.compressStream(long, byte[], int, byte[], int)"
            int sp1 = line.indexOf(' ');
            int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
            try {
                if (sp2 < 0) {
                    throw new NumberFormatException();
                }
                long start = hex(line.substring(0, sp1));
                long size = hex(line.substring(sp1 + 1, sp2));
                entries.add(new PerfMap.Entry(start, size, line.substring(sp2 + 1)));
            } catch (NumberFormatException e) {
                if (entries.isEmpty() && lines.number() == 1) {
                    throw new InputException(source + ":1: expected '<hex start> <hex size> <name>', found: " + TextInput.quote(line));
                }
                warnings.add(new ParseWarning(source, lines.number(), "expected '<hex start> <hex size> <name>', skipped: " + TextInput.quote(line)));
            }
        }
        return new Parsed<>(new PerfMap(entries), warnings);
    }

    private static long hex(String s) {
        String digits = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        return Long.parseUnsignedLong(digits, 16);
    }
}
