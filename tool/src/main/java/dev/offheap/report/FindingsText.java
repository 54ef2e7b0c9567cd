package dev.offheap.report;

import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import java.util.List;

/** Findings as text blocks: severity and title, the explanation, the evidence, the remedy. */
public final class FindingsText {
    private FindingsText() {
    }

    public static String render(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "No findings.\n";
        }
        StringBuilder sb = new StringBuilder();
        for (Finding f : findings) {
            sb.append('[').append(f.severity().text().toUpperCase(java.util.Locale.ROOT)).append("] ")
                    .append(f.id()).append(": ").append(OneLine.of(f.title())).append('\n');
            wrap(sb, OneLine.of(f.summary()), "    ");
            for (String e : f.evidence()) {
                sb.append("    - ").append(OneLine.of(e)).append('\n');
            }
            if (f.culprit() != null) {
                sb.append("    culprit: ").append(OneLine.of(culprit(f.culprit()))).append('\n');
            }
            sb.append("    fix: ");
            wrapContinued(sb, OneLine.of(f.remedy()), "         ");
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String culprit(Culprit c) {
        StringBuilder sb = new StringBuilder();
        append(sb, "library", c.library());
        append(sb, "method", c.javaMethod());
        append(sb, "class", c.className());
        append(sb, "thread", c.thread());
        return sb.toString();
    }

    private static void append(StringBuilder sb, String label, String value) {
        if (value != null) {
            sb.append(sb.length() > 0 ? ", " : "").append(label).append(' ').append(value);
        }
    }

    private static void wrap(StringBuilder sb, String text, String indent) {
        sb.append(indent);
        wrapContinued(sb, text, indent);
    }

    /** Appends text wrapped at ~100 columns; the first line continues the current one. */
    private static void wrapContinued(StringBuilder sb, String text, String indent) {
        int column = indent.length();
        boolean first = true;
        for (String word : text.split(" ")) {
            if (!first && column + 1 + word.length() > 100) {
                sb.append('\n').append(indent);
                column = indent.length();
                first = true;
            }
            if (!first) {
                sb.append(' ');
                column++;
            }
            sb.append(word);
            column += word.length();
            first = false;
        }
        sb.append('\n');
    }
}
