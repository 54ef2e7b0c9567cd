package dev.offheap.report.html;

import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Findings as cards (severity, id, title, explanation, evidence, culprit, remedy), and the one-line verdict. */
final class FindingCards {
    private FindingCards() {
    }

    static void section(Html h, List<Finding> findings) {
        Page.section(h, "Findings (" + findings.size() + ")");
        if (findings.isEmpty()) {
            h.el("p", "empty", "No findings.");
        }
        h.open("div", "cards");
        for (Finding f : findings) {
            card(h, f);
        }
        h.close("div").close("section");
    }

    private static void card(Html h, Finding f) {
        String sev = f.severity().text();
        h.open("article", "card " + sev).open("h3", null)
                .el("span", "sev " + sev, sev.toUpperCase(Locale.ROOT)).text(f.title()).close("h3")
                .el("div", "id", f.id())
                .el("p", null, f.summary());
        if (!f.evidence().isEmpty()) {
            h.open("ul", null);
            f.evidence().forEach(e -> h.el("li", null, e));
            h.close("ul");
        }
        if (f.culprit() != null) {
            h.el("div", "culprit", "Culprit: " + culprit(f.culprit()));
        }
        h.open("div", "remedy").el("b", null, "Fix: ").text(f.remedy()).close("div");
        h.close("article");
    }

    /** "Most important: title (ID)." for the worst warning or critical finding; else a healthy note. */
    static void verdict(Html h, List<Finding> findings) {
        Finding top = findings.stream().filter(f -> f.severity() != Severity.INFO).findFirst().orElse(null);
        h.open("p", "verdict");
        if (top == null) {
            h.text(findings.isEmpty() ? "No findings." : "No warning or critical finding ("
                    + findings.size() + " informational).");
        } else {
            long serious = findings.stream().filter(f -> f.severity() != Severity.INFO).count();
            h.text("Most important: ").el("b", top.severity().text(), top.title()).text(" (" + top.id() + ")");
            if (serious > 1) {
                h.text(", and " + (serious - 1) + " more warning" + (serious > 2 ? "s" : "") + " below");
            }
            h.text(".");
        }
        h.close("p");
    }

    private static String culprit(Culprit c) {
        List<String> parts = new ArrayList<>();
        add(parts, "library", c.library());
        add(parts, "method", c.javaMethod());
        add(parts, "class", c.className());
        add(parts, "thread", c.thread());
        return String.join(", ", parts);
    }

    private static void add(List<String> parts, String label, String value) {
        if (value != null) {
            parts.add(label + " " + value);
        }
    }
}
