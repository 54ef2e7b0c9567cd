package dev.offheap.parse.proc;

import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.model.ProcessEnvironment;
import dev.offheap.parse.TextInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code /proc/PID/environ}: NAME=value entries separated by NUL bytes, or by newlines in a copy saved with
 * {@code tr '\0' '\n' < /proc/PID/environ}. Empty is valid (kernel threads and exited processes show nothing).
 * When a name appears twice the first entry is kept, as glibc's getenv returns it.
 */
public final class EnvironParser {
    private EnvironParser() {
    }

    public static Parsed<ProcessEnvironment> parse(Path file) {
        return parse(TextInput.readBytes(file), TextInput.sourceName(file));
    }

    public static Parsed<ProcessEnvironment> parse(byte[] bytes, String source) {
        return parse(new String(bytes, StandardCharsets.UTF_8), source);
    }

    public static Parsed<ProcessEnvironment> parse(String text, String source) {
        char separator = text.indexOf('\0') >= 0 ? '\0' : '\n';
        Map<String, String> vars = new LinkedHashMap<>();
        List<ParseWarning> warnings = new ArrayList<>();
        int start = 0;
        int entry = 0;
        while (start < text.length()) {
            int end = text.indexOf(separator, start);
            end = end < 0 ? text.length() : end;
            entry++;
            String e = text.substring(start, end);
            start = end + 1;
            if (separator == '\n' && e.endsWith("\r")) {
                e = e.substring(0, e.length() - 1);
            }
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            if (eq <= 0) {
                warnings.add(new ParseWarning(source, separator == '\n' ? entry : 0,
                        "expected 'NAME=value' (entry " + entry + "), skipped: " + TextInput.quote(e)));
                continue;
            }
            vars.putIfAbsent(e.substring(0, eq), e.substring(eq + 1));
        }
        return new Parsed<>(new ProcessEnvironment(vars), warnings);
    }
}
