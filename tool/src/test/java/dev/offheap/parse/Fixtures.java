package dev.offheap.parse;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Paths of the test fixtures under src/test/resources/fixtures. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path path(String relative) {
        URL url = Fixtures.class.getResource("/fixtures/" + relative);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(String relative) {
        return TextInput.read(path(relative));
    }
}
