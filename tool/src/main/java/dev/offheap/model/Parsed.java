package dev.offheap.model;

import java.util.List;

/** A parser's result plus the warnings for records it skipped. */
public record Parsed<T>(T value, List<ParseWarning> warnings) {
    public Parsed {
        warnings = List.copyOf(warnings);
    }

    public static <T> Parsed<T> of(T value) {
        return new Parsed<>(value, List.of());
    }
}
