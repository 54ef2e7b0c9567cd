package dev.offheap.parse.proc;

import dev.offheap.parse.TextInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code /proc/PID/cmdline}: the arguments separated (and ended) by NUL bytes, or one per line in a copy saved
 * with {@code tr '\0' '\n'}. Empty for kernel threads and zombies. A process that rewrote its arguments (setproctitle)
 * may show one blank-separated string without NULs; it is returned as one argument.
 */
public final class CmdlineParser {
    private CmdlineParser() {
    }

    public static List<String> parse(Path file) {
        return parse(TextInput.readBytes(file));
    }

    public static List<String> parse(byte[] bytes) {
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    public static List<String> parse(String text) {
        char separator = text.indexOf('\0') >= 0 ? '\0' : '\n';
        List<String> args = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf(separator, start);
            end = end < 0 ? text.length() : end;
            args.add(text.substring(start, end));
            start = end + 1;
        }
        return List.copyOf(args);
    }
}
