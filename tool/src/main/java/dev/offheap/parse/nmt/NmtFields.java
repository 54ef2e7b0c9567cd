package dev.offheap.parse.nmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fields of one NMT value line, whatever its kind, e.g.
 * "(malloc=251KB +1KB #4657 +15)", "(mmap: reserved=1048576KB, committed=1344KB, at peak)",
 * "(  instance classes #2467 +1, array classes #279 +1)", "((malloc=373KB tag=Native Memory Tracking #4559) (at peak))".
 * A key is the word before '=' (or the words before '#'), prefixed by a "word:" section ("mmap.reserved",
 * "stack.peak", "malloc" for "malloc: 20649KB"). Amounts are converted to bytes; a unit-less delta (JDK 8-21 arena
 * diff) takes the report scale.
 */
final class NmtFields {
    /** One key with its amount (bytes) and/or count, and their deltas. */
    static final class Field {
        final String key;
        boolean hasAmount;
        long bytes;
        boolean hasDelta;
        long deltaBytes;
        boolean hasCount;
        long count;
        boolean hasCountDelta;
        long countDelta;

        Field(String key) {
            this.key = key;
        }
    }

    final List<Field> fields = new ArrayList<>(4);
    /** Trailing words without a value: "at peak", "metadata", "class space". */
    String label = "";
    /** The name after "type=", "tag=", "Type=" or "Tag=", or null. */
    String category;
    boolean atPeak;
    boolean sawDelta;

    private NmtFields() {
    }

    Field get(String key) {
        for (Field f : fields) {
            if (f.key.equals(key)) {
                return f;
            }
        }
        return null;
    }

    /** Scans a line; throws IllegalArgumentException with a short reason on a malformed number. */
    static NmtFields scan(String line, long scaleBytes) {
        NmtFields r = new NmtFields();
        String rest = r.takeCategory(line);
        r.tokenize(rest, scaleBytes);
        return r;
    }

    private String takeCategory(String line) {
        int at = find(line, "type=");
        if (at < 0) {
            at = find(line, "tag=");
        }
        if (at < 0) {
            at = find(line, "Type=");
        }
        if (at < 0) {
            at = find(line, "Tag="); // JDK 25 virtual memory sites
        }
        if (at < 0) {
            return line;
        }
        int from = line.indexOf('=', at) + 1;
        int end = line.length();
        for (String stop : new String[] {" #", " +", " -", ")"}) {
            int i = line.indexOf(stop, from);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        category = line.substring(from, end).trim();
        return line.substring(0, at) + line.substring(end);
    }

    private static int find(String line, String key) {
        int i = line.indexOf(key);
        while (i > 0 && Character.isLetter(line.charAt(i - 1))) {
            i = line.indexOf(key, i + 1);
        }
        return i;
    }

    private void tokenize(String s, long scaleBytes) {
        String prefix = null;
        StringBuilder words = new StringBuilder();
        Field last = null;
        boolean lastWasCount = false;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == ',' || c == '(' || c == ')' || c == '\t') {
                i++;
                continue;
            }
            int start = i;
            if (c == '=') { // "=1.42%" or, in some locales, "=0,00%" after waste: a percentage to skip
                while (i < n && s.charAt(i) != ' ' && s.charAt(i) != ')') {
                    i++;
                }
                continue;
            }
            while (i < n && " ,()\t".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String tok = s.substring(start, i);
            char first = tok.charAt(0);
            if (first == '#') {
                if (words.length() > 0 || last == null) {
                    last = add(key(prefix, words.toString()));
                    words.setLength(0);
                }
                last.hasCount = true;
                last.count = parseCount(tok.substring(1), tok);
                lastWasCount = true;
            } else if ((first == '+' || first == '-') && tok.length() > 1 && Character.isDigit(tok.charAt(1))) {
                if (last == null) {
                    throw new IllegalArgumentException("delta '" + tok + "' without a value");
                }
                sawDelta = true;
                long sign = first == '-' ? -1 : 1;
                if (lastWasCount) {
                    last.hasCountDelta = true;
                    last.countDelta = sign * parseCount(tok.substring(1), tok);
                } else {
                    last.hasDelta = true;
                    last.deltaBytes = sign * parseAmount(tok.substring(1), scaleBytes, tok);
                }
            } else if (first == ':') {
                continue; // the stray ':' of JDK 17 diff metaspace lines
            } else if (tok.endsWith(":")) {
                words.append(words.length() > 0 ? " " : "").append(tok, 0, tok.length() - 1);
                prefix = words.toString().toLowerCase(Locale.ROOT);
                words.setLength(0);
                last = null;
            } else if (tok.indexOf('=') > 0) {
                int eq = tok.indexOf('=');
                words.append(words.length() > 0 ? " " : "").append(tok, 0, eq);
                last = add(key(prefix, words.toString()));
                words.setLength(0);
                last.hasAmount = true;
                last.bytes = parseAmount(tok.substring(eq + 1), scaleBytes, tok);
                lastWasCount = false;
            } else if (Character.isDigit(first)) {
                last = add(prefix != null ? prefix : words.toString().toLowerCase(Locale.ROOT));
                words.setLength(0);
                last.hasAmount = true;
                last.bytes = parseAmount(tok, scaleBytes, tok);
                lastWasCount = false;
            } else {
                words.append(words.length() > 0 ? " " : "").append(tok);
            }
        }
        label = words.toString().toLowerCase(Locale.ROOT);
        if (label.equals("at peak")) {
            atPeak = true;
        }
        if (prefix != null && fields.isEmpty() && label.isEmpty()) {
            label = prefix; // "(  Metadata:   )"
        }
    }

    private Field add(String key) {
        Field f = new Field(key);
        fields.add(f);
        return f;
    }

    private static String key(String prefix, String words) {
        String k = words.toLowerCase(Locale.ROOT);
        return prefix == null ? k : prefix + "." + k;
    }

    /** "20649KB" → bytes; "1552282312" (scale=1) → bytes; a bare number in a delta takes the report scale. */
    static long parseAmount(String v, long scaleBytes, String tok) {
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        if (end == 0 || end > 18) {
            throw new IllegalArgumentException("bad number '" + tok + "'");
        }
        long value = Long.parseLong(v, 0, end, 10);
        String unit = v.substring(end);
        long mult = switch (unit) {
            case "KB" -> 1024L;
            case "MB" -> 1024L * 1024;
            case "GB" -> 1024L * 1024 * 1024;
            case "B" -> 1L;
            case "" -> scaleBytes;
            default -> throw new IllegalArgumentException("bad unit in '" + tok + "'");
        };
        return Math.multiplyExact(value, mult);
    }

    private static long parseCount(String v, String tok) {
        if (v.isEmpty() || v.length() > 18) {
            throw new IllegalArgumentException("bad count '" + tok + "'");
        }
        for (int i = 0; i < v.length(); i++) {
            if (!Character.isDigit(v.charAt(i))) {
                throw new IllegalArgumentException("bad count '" + tok + "'");
            }
        }
        return Long.parseLong(v);
    }
}
