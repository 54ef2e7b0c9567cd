package dev.offheap.parse.profiles;

import dev.offheap.model.GrowthIndex;
import dev.offheap.model.GrowthWindow;
import dev.offheap.model.InputException;
import dev.offheap.model.LibraryName;
import dev.offheap.parse.Lines;
import dev.offheap.parse.TextInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code growth-profile.txt}, which {@code offheap collect --profile} writes beside its page-fault recordings
 * (the format is written in {@code live.CollectExtras}): a header line, then "key value" lines for the window,
 * "chunk FILE INTERVAL MILLIS" per recording, "library FILE<tab>SHOWN<tab>PATH<tab>HOW" and "unsized LIBRARY`NAME".
 */
public final class GrowthIndexParser {
    public static final String HEADER = "# offheap growth profile 1";
    private static final List<String> KEYS = List.of("duration_ms", "rss_start", "rss_end", "huge_start", "huge_end",
            "kernel_faults", "page_size", "threads_start", "threads_end");

    private GrowthIndexParser() {
    }

    public static GrowthIndex parse(String text, String source) {
        Lines lines = new Lines(text);
        if (!lines.next() || !lines.line().equals(HEADER)) {
            throw new InputException(source + ":1: expected '" + HEADER + "', found: "
                    + TextInput.quote(text.isEmpty() ? "" : text.lines().findFirst().orElse("")));
        }
        Map<String, Long> values = new HashMap<>();
        List<GrowthWindow.Chunk> chunks = new ArrayList<>();
        List<String> files = new ArrayList<>();
        Map<String, LibraryName> libraries = new HashMap<>();
        Set<String> unsized = new LinkedHashSet<>();
        while (lines.next()) {
            String line = lines.line();
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            String key = space < 0 ? line : line.substring(0, space);
            String rest = space < 0 ? "" : line.substring(space + 1);
            try {
                switch (key) {
                    // "chunk pagefaults-1.jfr 9 15012"
                    case "chunk" -> {
                        String[] f = rest.split(" ");
                        files.add(f[0]);
                        chunks.add(new GrowthWindow.Chunk(Long.parseLong(f[1]), Long.parseLong(f[2])));
                    }
                    // "library jna123.tmp\tlibjnidispatch.so\t/tmp/x/jna123.tmp (deleted)\tthe JNI library of com.sun.jna, …"
                    case "library" -> {
                        String[] f = rest.split("\t", -1);
                        libraries.put(f[0], new LibraryName(f[1], f[0], f[2].isEmpty() ? null : f[2], f[3].isEmpty() ? null : f[3]));
                    }
                    case "unsized" -> unsized.add(rest);
                    default -> {
                        if (KEYS.contains(key)) {
                            values.put(key, Long.parseLong(rest.strip()));
                        }
                    }
                }
            } catch (RuntimeException e) {
                throw new InputException(source + ":" + lines.number() + ": expected '" + key + "' with its fields, found: "
                        + TextInput.quote(line));
            }
        }
        for (String k : KEYS) {
            if (!values.containsKey(k)) {
                throw new InputException(source + ": no '" + k + "' line");
            }
        }
        if (chunks.isEmpty()) {
            throw new InputException(source + ": no 'chunk' line: no recording is listed");
        }
        GrowthWindow w = new GrowthWindow(values.get("duration_ms"), values.get("rss_start"), values.get("rss_end"),
                values.get("huge_start"), values.get("huge_end"), values.get("kernel_faults"), values.get("page_size"),
                values.get("threads_start").intValue(), values.get("threads_end").intValue(), chunks);
        return new GrowthIndex(w, files, libraries, unsized);
    }
}
