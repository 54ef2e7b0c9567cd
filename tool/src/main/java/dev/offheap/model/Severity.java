package dev.offheap.model;

import java.util.Locale;

/** How much a finding matters; ordered least to most severe. Text values are the JSON contract. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String text) {
        for (Severity s : values()) {
            if (s.text().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + text + "' (expected info, warning or critical)");
    }
}
