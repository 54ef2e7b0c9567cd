package dev.offheap.parse.jcmd;

import dev.offheap.model.CodeCacheUsage;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the sizes of {@code jcmd PID Compiler.codecache} (JDK 8: one CodeCache line; JDK 9+: a line per code heap). */
public final class CodeCacheParser {
    // "CodeHeap 'non-profiled nmethods': size=120036Kb used=2Kb max_used=2Kb free=120033Kb"
    // "CodeCache: size=245760Kb used=1573Kb max_used=1573Kb free=244186Kb"
    // (at most 12 digits: 1 EiB in KiB; a longer number is not a size this line can hold, and the line is skipped)
    private static final Pattern SIZES = Pattern.compile("^(?:CodeHeap '[^']+'|CodeCache):\\s+size=(\\d{1,12})Kb used=(\\d{1,12})Kb\\b");
    // JDK 17: " compilation: enabled" / " compilation: disabled (not enough contiguous free space left)"
    // JDK 25: "Compilation: disabled (not enough contiguous free space left), stopped_count=0, restarted_count=0"
    private static final Pattern COMPILATION = Pattern.compile("^\\s*[Cc]ompilation: (enabled|disabled)");

    private CodeCacheParser() {
    }

    /** The usage, or empty when the text has no size line (an error message, an unknown format). */
    public static Optional<CodeCacheUsage> parse(String text) {
        long size = 0;
        long used = 0;
        boolean found = false;
        Boolean enabled = null;
        for (String line : text.split("\n")) {
            Matcher m = SIZES.matcher(line);
            if (m.find()) {
                size += Long.parseLong(m.group(1)) * 1024;
                used += Long.parseLong(m.group(2)) * 1024;
                found = true;
                continue;
            }
            Matcher c = COMPILATION.matcher(line);
            if (c.find()) {
                enabled = c.group(1).equals("enabled");
            }
        }
        return found ? Optional.of(new CodeCacheUsage(used, size, enabled)) : Optional.empty();
    }
}
