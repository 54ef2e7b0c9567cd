package dev.offheap.parse.jcmd;

import dev.offheap.model.InputException;
import dev.offheap.model.JvmFlag;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.parse.Lines;
import dev.offheap.parse.TextInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code jcmd PID VM.flags} (one line of {@code -XX:} options; JDK 8+) and {@code jcmd PID VM.flags -all}
 * (the {@code -XX:+PrintFlagsFinal} table: JDK 9+ with kind and origin columns, JDK 8 with kind only and
 * {@code :=} for a changed value). A leading "PID:" line, as jcmd prints it, is skipped.
 */
public final class VmFlagsParser {
    // "     bool AlwaysPreTouch                           = true                                      {product} {command line}"
    // "    uintx MaxHeapSize                              := 4202692608                          {product}"
    // "    ccstr AllocateHeapAt                           =                                           {product} {default}"
    private static final Pattern ROW = Pattern.compile(
            "\\s*(\\w+)\\s+(\\w+)\\s+(:?=)\\s?(.*?)\\s*\\{([^}]*)}(?:\\s*\\{([^}]*)})?\\s*");

    private VmFlagsParser() {
    }

    public static Parsed<JvmFlags> parse(Path file) {
        return parse(TextInput.read(file), TextInput.sourceName(file));
    }

    public static Parsed<JvmFlags> parse(String text, String source) {
        Lines lines = new Lines(text);
        lines.skipJcmdPidLine();
        while (lines.next()) {
            String line = lines.line().trim();
            if (line.isEmpty() || line.equals("[Global flags]")) {
                continue;
            }
            if (line.startsWith("-XX:")) {
                return oneLine(lines, source);
            }
            if (ROW.matcher(lines.line()).matches()) {
                return table(lines, source);
            }
            throw new InputException(source + ":" + lines.number() + ": expected 'VM.flags' output ('-XX:' options or"
                    + " the 'VM.flags -all' table), found: " + TextInput.quote(line));
        }
        throw new InputException(source + ": empty file, expected 'VM.flags' output");
    }

    // "-XX:+AlwaysPreTouch -XX:CICompilerCount=2 -XX:-THPStackMitigation" (possibly wrapped over several lines)
    private static Parsed<JvmFlags> oneLine(Lines lines, String source) {
        Map<String, JvmFlag> flags = new LinkedHashMap<>();
        List<ParseWarning> warnings = new ArrayList<>();
        do {
            for (String token : lines.line().trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                JvmFlag f = option(token);
                if (f == null) {
                    warnings.add(new ParseWarning(source, lines.number(), "expected '-XX:[+-]Name' or '-XX:Name=value', skipped: "
                            + TextInput.quote(token)));
                } else {
                    flags.put(f.name(), f);
                }
            }
        } while (lines.next());
        return new Parsed<>(new JvmFlags(flags), warnings);
    }

    private static JvmFlag option(String token) {
        if (!token.startsWith("-XX:") || token.length() < 6) {
            return null;
        }
        char sign = token.charAt(4);
        if (sign == '+' || sign == '-') {
            return new JvmFlag(token.substring(5), "bool", sign == '+' ? "true" : "false", null, null);
        }
        int eq = token.indexOf('=');
        return eq <= 4 ? null : new JvmFlag(token.substring(4, eq), null, token.substring(eq + 1), null, null);
    }

    private static Parsed<JvmFlags> table(Lines lines, String source) {
        Map<String, JvmFlag> flags = new LinkedHashMap<>();
        List<ParseWarning> warnings = new ArrayList<>();
        do {
            String line = lines.line();
            if (line.isBlank() || line.trim().equals("[Global flags]")) {
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (!m.matches()) {
                warnings.add(new ParseWarning(source, lines.number(), "expected '<type> <Name> = <value> {<kind>} {<origin>}', skipped: "
                        + TextInput.quote(line.trim())));
                continue;
            }
            String origin = m.group(6) != null ? m.group(6) : m.group(3).equals(":=") ? "non-default" : null;
            flags.put(m.group(2), new JvmFlag(m.group(2), m.group(1), m.group(4), m.group(5), origin));
        } while (lines.next());
        return new Parsed<>(new JvmFlags(flags), warnings);
    }
}
