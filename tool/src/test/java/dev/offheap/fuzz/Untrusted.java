package dev.offheap.fuzz;

import dev.offheap.model.InputException;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import java.util.function.Supplier;

/**
 * The property every reader of outside input keeps, whatever the bytes: it returns a result (its warnings one line
 * each), or throws the tool's own {@link InputException} with one non-empty line. Anything else (an
 * IndexOutOfBounds, a NumberFormatException, an OutOfMemoryError from a size field, a hang) is a bug Jazzer reports.
 */
final class Untrusted {
    private Untrusted() {
    }

    /** Runs a reader that returns a {@link Parsed}; checks its warnings too. */
    static void parse(Supplier<? extends Parsed<?>> reader) {
        try {
            Parsed<?> p = reader.get();
            if (p == null || p.value() == null) {
                throw new AssertionError("a reader returned no result");
            }
            for (ParseWarning w : p.warnings()) {
                oneLine("warning", w.toString());
            }
        } catch (InputException e) {
            oneLine("error", e.getMessage());
        }
    }

    /** Runs any reader; a result is not checked beyond its being there. */
    static void read(Runnable reader) {
        try {
            reader.run();
        } catch (InputException e) {
            oneLine("error", e.getMessage());
        }
    }

    static void oneLine(String what, String text) {
        if (text == null || text.isBlank()) {
            throw new AssertionError("an empty " + what + " message");
        }
        if (text.chars().anyMatch(c -> c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085')) {
            throw new AssertionError("a " + what + " of more than one line: " + text);
        }
    }
}
