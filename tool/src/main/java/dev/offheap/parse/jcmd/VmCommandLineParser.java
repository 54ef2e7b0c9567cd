package dev.offheap.parse.jcmd;

import dev.offheap.model.InputException;
import dev.offheap.model.JvmCommandLine;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.parse.Lines;
import dev.offheap.parse.TextInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code jcmd PID VM.command_line}: "VM Arguments:" then {@code jvm_args:}, {@code jvm_flags:},
 * {@code java_command:}, {@code java_class_path (initial):}, {@code Launcher Type:} lines (each optional).
 */
public final class VmCommandLineParser {
    private VmCommandLineParser() {
    }

    public static Parsed<JvmCommandLine> parse(Path file) {
        return parse(TextInput.read(file), TextInput.sourceName(file));
    }

    public static Parsed<JvmCommandLine> parse(String text, String source) {
        Lines lines = new Lines(text);
        lines.skipJcmdPidLine();
        String jvmArgs = null;
        String jvmFlags = null;
        String command = null;
        String classPath = null;
        String launcher = null;
        boolean any = false;
        List<ParseWarning> warnings = new ArrayList<>();
        while (lines.next()) {
            String line = lines.line();
            if (line.isBlank() || line.equals("VM Arguments:")) {
                any |= !line.isBlank();
                continue;
            }
            // "jvm_args: -Dcapture.tag=jdk25-limit -Xmx128m -XX:+UseG1GC "
            int colon = line.indexOf(": ");
            String key = colon < 0 ? line.strip().replaceAll(":$", "") : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 2).strip();
            switch (key) {
                case "jvm_args" -> jvmArgs = value;
                case "jvm_flags" -> jvmFlags = value;
                case "java_command" -> command = value;
                case "java_class_path (initial)" -> classPath = value;
                case "Launcher Type" -> launcher = value;
                default -> {
                    if (!any) {
                        throw new InputException(source + ":" + lines.number()
                                + ": expected 'VM Arguments:' or 'jvm_args: …', found: " + TextInput.quote(line));
                    }
                    warnings.add(new ParseWarning(source, lines.number(), "unknown line skipped: " + TextInput.quote(line)));
                    continue;
                }
            }
            any = true;
        }
        if (!any) {
            throw new InputException(source + ": empty file, expected 'VM.command_line' output");
        }
        return new Parsed<>(new JvmCommandLine(jvmArgs, jvmFlags, command, classPath, launcher), warnings);
    }
}
