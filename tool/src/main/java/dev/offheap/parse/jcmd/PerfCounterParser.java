package dev.offheap.parse.jcmd;

import dev.offheap.model.InputException;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.model.PerfCounters;
import dev.offheap.parse.Lines;
import dev.offheap.parse.TextInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code jcmd PID PerfCounter.print}: one {@code name=value} per line, strings in double quotes (removed
 * here). The command reads the hsperfdata counters, so it needs no safepoint.
 */
public final class PerfCounterParser {
    private PerfCounterParser() {
    }

    public static Parsed<PerfCounters> parse(Path file) {
        return parse(TextInput.read(file), TextInput.sourceName(file));
    }

    public static Parsed<PerfCounters> parse(String text, String source) {
        Lines lines = new Lines(text);
        lines.skipJcmdPidLine();
        Map<String, String> values = new LinkedHashMap<>();
        List<ParseWarning> warnings = new ArrayList<>();
        while (lines.next()) {
            String line = lines.line();
            if (line.isBlank()) {
                continue;
            }
            // "java.cls.loadedClasses=60", "java.property.java.vm.version=\"25.0.3+9-LTS\""
            int eq = line.indexOf('=');
            String name = eq > 0 ? line.substring(0, eq) : "";
            if (eq <= 0 || name.indexOf('.') < 0 || name.indexOf(' ') >= 0) {
                if (values.isEmpty()) {
                    throw new InputException(source + ":" + lines.number() + ": expected 'PerfCounter.print' output"
                            + " ('<counter.name>=<value>'), found: " + TextInput.quote(line));
                }
                warnings.add(new ParseWarning(source, lines.number(), "expected '<counter.name>=<value>', skipped: "
                        + TextInput.quote(line)));
                continue;
            }
            String value = line.substring(eq + 1);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(name, value);
        }
        if (values.isEmpty()) {
            throw new InputException(source + ": empty file, expected 'PerfCounter.print' output");
        }
        return new Parsed<>(new PerfCounters(values), warnings);
    }
}
