package dev.offheap.parse.jcmd;

import dev.offheap.model.BufferPool;
import dev.offheap.model.BufferPools;
import dev.offheap.model.InputException;
import dev.offheap.parse.TextInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The buffer pools offheap's agent publishes as a system property, found in {@code jcmd VM.system_properties}
 * output (java.util.Properties format, so ':' '=' and leading blanks come escaped with '\').
 */
public final class BufferPoolsParser {
    private BufferPoolsParser() {
    }

    /** The value of the property {@code name} in the properties text, or empty when it is not there. */
    public static Optional<String> propertyValue(String propertiesText, String name) {
        String prefix = name + "=";
        for (String line : propertiesText.split("\n")) {
            if (line.startsWith(prefix)) {
                return Optional.of(unescape(line.substring(prefix.length()).strip()));
            }
        }
        return Optional.empty();
    }

    // "1700000000000;direct,12,12582912,12582912;mapped,0,0,0;mapped - 'non-volatile memory',0,0,0"
    public static BufferPools parseValue(String value, String source) {
        String[] fields = value.split(";", -1); // -1: ";" is two empty fields (an error), not none
        try {
            long takenAt = Long.parseLong(fields[0]);
            List<BufferPool> pools = new ArrayList<>();
            for (int i = 1; i < fields.length; i++) {
                String[] p = fields[i].split(",");
                if (p.length != 4) {
                    throw new NumberFormatException("pool '" + fields[i] + "' has " + p.length + " fields, expected 4");
                }
                pools.add(new BufferPool(p[0], Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3])));
            }
            return new BufferPools(takenAt, pools, source);
        } catch (NumberFormatException e) {
            throw new InputException(source + ": expected 'time;name,count,capacity,used;…', found: " + TextInput.quote(value));
        }
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
