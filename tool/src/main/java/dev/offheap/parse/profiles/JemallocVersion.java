package dev.offheap.parse.profiles;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds jemalloc's version string in the bytes of its shared library: the build embeds JEMALLOC_VERSION, e.g.
 * "5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c" (release, commits since, "g" + git hash).
 */
public final class JemallocVersion {
    // "5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c"
    private static final Pattern VERSION = Pattern.compile("(\\d{1,2}\\.\\d{1,2}\\.\\d{1,2}-\\d+-g\\p{XDigit}{7,40})");

    private JemallocVersion() {
    }

    public static Optional<String> find(byte[] library) {
        // ISO-8859-1 maps every byte to one char, so the regex can scan a binary file
        Matcher m = VERSION.matcher(new String(library, StandardCharsets.ISO_8859_1));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
