package dev.offheap.report;

import dev.offheap.model.FindingId;
import dev.offheap.model.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * docs/findings.md, written from the finding catalog ({@link FindingId}) by scripts/gen-docs: one section per id,
 * headed by the id itself, so that GitHub's anchor is the id in lower case ({@code #nmt_off}), the link the
 * Prometheus alerts give.
 */
public final class FindingsPage {
    private FindingsPage() {
    }

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Findings\n\n");
        sb.append("<!-- written by scripts/gen-docs from tool/src/main/java/dev/offheap/model/FindingId.java: edit that,"
                + " not this file -->\n\n");
        sb.append("Every finding offheap gives has one of these ids (the `id` of a finding in `--json` output, schema"
                + " `offheap/1`, and the `id` label of `offheap_finding` in `offheap export`). Each section says what the"
                + " finding means, the evidence it quotes, when it has which severity, the fix, and what it needs: the"
                + " level of Native Memory Tracking (`-XX:NativeMemoryTracking=off|summary|detail`) and the commands or"
                + " saved inputs that can give it. The remedy of a real finding is written for its target (its pid,"
                + " flags and JDK); the fix here is the general one.\n\n");
        sb.append("The anchor of each section is the id in lower case, e.g. [`docs/findings.md#nmt_off`](#nmt_off).\n\n");
        sb.append("| id | finding | severities |\n|---|---|---|\n");
        for (FindingId f : FindingId.values()) {
            sb.append("| [").append(f.id()).append("](#").append(f.anchor()).append(") | ").append(f.title()).append(" | ")
                    .append(severities(f)).append(" |\n");
        }
        for (FindingId f : FindingId.values()) {
            sb.append("\n## ").append(f.id()).append("\n\n");
            sb.append("**").append(f.title()).append("**\n\n");
            sb.append(f.meaning()).append("\n\n");
            sb.append("- **Evidence quoted:** ").append(f.evidence()).append('\n');
            sb.append("- **Severity:** ").append(severities(f)).append(". ").append(f.severityText()).append('\n');
            sb.append("- **Fix:** ").append(f.fix()).append('\n');
            sb.append("- **NMT level:** ").append(f.nmt()).append('\n');
            sb.append("- **Given by:** ").append(f.inputs()).append('\n');
        }
        return sb.toString();
    }

    private static String severities(FindingId f) {
        return f.severities().stream().map(Severity::text).collect(Collectors.joining(", "));
    }

    /** Writes the page: {@code FindingsPage [FILE]}, docs/findings.md by default. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/findings.md");
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, markdown(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }
}
