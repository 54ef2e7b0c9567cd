package dev.offheap.redact;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sources that carry a target's configuration, each redacted in its own shape: what is not redacted stays byte
 * for byte as it was, so the parsers of {@code parse} read a redacted source as they read the original.
 */
final class ConfigFormats {
    // "    ccstr OnError                                  = curl -H …                               {product} {command line}"
    // (VmFlagsParser's row; only string flags are ever redacted by their name)
    private static final Pattern FLAG_ROW = Pattern.compile(
            "\\s*(\\w+)\\s+(\\w+)\\s+(:?=)\\s?(.*?)\\s*\\{([^}]*)}(?:\\s*\\{([^}]*)})?\\s*");
    // "jvm_args: -Dcapture.tag=jdk25-limit -Xmx128m ", "java_command: Main --db-password …"
    private static final Pattern COMMAND_LINE = Pattern.compile("(jvm_args|jvm_flags|java_command): (.*)", Pattern.DOTALL);

    private ConfigFormats() {
    }

    static byte[] environ(byte[] file, Redactor r) {
        return entries(file, r, entry -> {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                return r.text(entry, "environment");
            }
            String name = entry.substring(0, eq);
            String value = entry.substring(eq + 1);
            String redacted = r.value("environment " + name, name, value);
            return redacted.equals(value) ? entry : name + "=" + redacted;
        });
    }

    static byte[] cmdline(byte[] file, Redactor r) {
        List<String> args = new ArrayList<>();
        List<byte[]> raw = split(file);
        byte separator = separator(file);
        for (byte[] a : raw) {
            args.add(new String(a, StandardCharsets.UTF_8));
        }
        List<String> redacted = Arguments.redact(args, r);
        if (redacted == args) {
            return file;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length);
        for (int i = 0; i < raw.size(); i++) {
            if (i > 0) {
                out.write(separator);
            }
            out.writeBytes(redacted.get(i).equals(args.get(i)) ? raw.get(i) : redacted.get(i).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static String vmCommandLine(String text, Redactor r) {
        return lines(text, line -> {
            Matcher m = COMMAND_LINE.matcher(line);
            if (m.matches()) {
                String args = Arguments.joined(m.group(2), m.group(1), r);
                return args.equals(m.group(2)) ? line : m.group(1) + ": " + args;
            }
            return r.text(line, null);
        });
    }

    static String vmFlags(String text, Redactor r) {
        return lines(text, line -> {
            Matcher m = FLAG_ROW.matcher(line);
            if (m.matches() && m.group(1).startsWith("ccstr") && !m.group(4).isEmpty()) {
                String value = r.value("-XX:" + m.group(2), m.group(2), m.group(4));
                return value.equals(m.group(4)) ? line : line.substring(0, m.start(4)) + value + line.substring(m.end(4));
            }
            if (m.matches()) {
                return line;
            }
            // "-XX:CICompilerCount=2 -XX:OnError=curl … -XX:+UseG1GC" (VM.flags without -all), or a line of a
            // multi-line ccstrlist value
            return line.stripLeading().startsWith("-XX:") ? Arguments.joined(line, "VM.flags", r) : r.text(line, "VM.flags");
        });
    }

    /** "db.password=s3cret", "db.url=jdbc\:postgresql\://db\:5432/app?password\=…" (':' and '=' escaped in values). */
    static String systemProperties(String text, Redactor r) {
        return lines(text, line -> {
            if (line.startsWith("#") || line.isBlank()) {
                return line;
            }
            int eq = separatorIndex(line);
            if (eq < 0) {
                return r.text(line, "system properties");
            }
            String key = unescape(line.substring(0, eq));
            String value = unescape(line.substring(eq + 1));
            String redacted = r.value("system property " + key, key, value);
            return redacted.equals(value) ? line : line.substring(0, eq + 1) + escape(redacted);
        });
    }

    static String perfCounter(String name, String value, Redactor r) {
        if (name.equals("sun.rt.javaCommand") || name.equals("java.rt.vmArgs") || name.equals("java.rt.vmFlags")) {
            return Arguments.joined(value, name, r);
        }
        for (String prefix : List.of("java.property.", "sun.property.")) {
            if (name.startsWith(prefix)) {
                String key = name.substring(prefix.length());
                return r.value("system property " + key, key, value);
            }
        }
        return r.text(value, name);
    }

    /** Entries separated by NUL bytes, or by newlines when there is no NUL (a copy made with tr), each redacted. */
    private static byte[] entries(byte[] file, Redactor r, java.util.function.UnaryOperator<String> redact) {
        List<byte[]> raw = split(file);
        byte separator = separator(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length);
        boolean changed = false;
        for (int i = 0; i < raw.size(); i++) {
            if (i > 0) {
                out.write(separator);
            }
            String entry = new String(raw.get(i), StandardCharsets.UTF_8);
            String redacted = redact.apply(entry);
            changed |= !redacted.equals(entry);
            out.writeBytes(redacted.equals(entry) ? raw.get(i) : redacted.getBytes(StandardCharsets.UTF_8));
        }
        return changed ? out.toByteArray() : file;
    }

    private static byte separator(byte[] file) {
        for (byte b : file) {
            if (b == 0) {
                return 0;
            }
        }
        return '\n';
    }

    /** The parts between separators; a trailing separator gives an empty last part, so joining gives the file back. */
    private static List<byte[]> split(byte[] file) {
        byte separator = separator(file);
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= file.length; i++) {
            if (i == file.length || file[i] == separator) {
                byte[] part = new byte[i - start];
                System.arraycopy(file, start, part, 0, part.length);
                parts.add(part);
                start = i + 1;
            }
        }
        return parts;
    }

    private static String lines(String text, java.util.function.UnaryOperator<String> redact) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(text.length());
        boolean changed = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            boolean cr = line.endsWith("\r");
            String body = cr ? line.substring(0, line.length() - 1) : line;
            String redacted = redact.apply(body);
            changed |= !redacted.equals(body);
            out.append(i > 0 ? "\n" : "").append(redacted).append(cr ? "\r" : "");
        }
        return changed ? out.toString() : text;
    }

    /** The first '=' or ':' not escaped by a backslash: where a properties line's key ends. */
    private static int separatorIndex(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '=' || c == ':') {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 6 <= s.length() && s.charAt(i + 1) == 'u' && isHex(s, i + 2, i + 6)) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 'f' -> '\f';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\', '=', ':', '#', '!' -> out.append('\\').append(c);
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
