package dev.offheap.parse.nmt;

import dev.offheap.model.NmtReport;
import dev.offheap.model.Parsed;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Loads fixtures/nmt/*.txt through {@link NmtParser#parse(Path)}. */
final class NmtFixtures {
    private NmtFixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(NmtFixtures.class.getResource("/fixtures/nmt/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Parsed<NmtReport> parse(String name) {
        return NmtParser.parse(path(name));
    }

    static NmtReport report(String name) {
        return parse(name).value();
    }
}
