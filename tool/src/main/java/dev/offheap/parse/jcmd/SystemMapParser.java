package dev.offheap.parse.jcmd;

import dev.offheap.model.InputException;
import dev.offheap.model.SystemMapSummary;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code jcmd PID System.map} output (JDK 21.0.x+/22+): a legend, then one line per mapping. Resident bytes are
 * summed per tag of the "vm info" column; untagged mappings ("-") are left out.
 */
public final class SystemMapParser {
    private SystemMapParser() {
    }

    // "0x00000000f0000000-0x00000000ffe00000    266338304 rw-p   122880   0 4K   com   JAVAHEAP   -"
    public static SystemMapSummary parse(String text, String source) {
        Map<String, Long> byTag = new HashMap<>();
        int mappings = 0;
        boolean header = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("from ") && line.contains("rss")) {
                header = true;
                continue;
            }
            if (!line.startsWith("0x")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            mappings++;
            String info = f[7];
            if (info.equals("-")) {
                continue;
            }
            String tag = info.startsWith("STACK-") ? "STACK" : info;
            try {
                byTag.merge(tag, Long.parseLong(f[3]), Long::sum);
            } catch (NumberFormatException e) {
                // a line whose rss column is not a number: not a mapping line of the known layout
            }
        }
        if (!header) {
            throw new InputException(source + ": expected System.map output (a 'from … rss …' header line)");
        }
        return new SystemMapSummary(byTag, mappings);
    }
}
