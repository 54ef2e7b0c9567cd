package dev.offheap.report.html;

import dev.offheap.model.CategoryUsage;
import dev.offheap.model.EvidenceReport;
import dev.offheap.model.Sizes;
import dev.offheap.report.ReportText;

/** The page of an analysis of files without a memory map: what was read, NMT's figures per category, findings. */
public final class EvidenceHtml {
    private EvidenceHtml() {
    }

    public static String render(EvidenceReport r, String toolVersion) {
        Html h = new Html();
        Page.section(h, "Answer").el("p", "answer", "No memory map was given, so resident memory is unknown: "
                + r.findings().size() + " finding" + (r.findings().size() == 1 ? "" : "s") + " from what the files say.");
        FindingCards.verdict(h, r.findings());
        h.close("section");
        FindingCards.section(h, r.findings());
        Page.section(h, "Files read");
        h.open("ul", null);
        r.sources().forEach(s -> h.el("li", null, s));
        h.close("ul").close("section");
        if (!r.jvmCategories().isEmpty()) {
            Page.section(h, "The JVM's own figures (NMT)");
            h.open("table", null).raw("<thead>").row("th", "category", "reserved", "committed").raw("</thead><tbody>");
            for (CategoryUsage u : r.jvmCategories()) {
                h.row("td", u.category().text(), Sizes.orDash(u.reservedBytes()), Sizes.orDash(u.committedBytes()));
            }
            h.raw("</tbody></table>").close("section");
        }
        Page.section(h, "Notes");
        r.notes().forEach(n -> h.el("p", "note", n));
        r.snapshot().notes().forEach(n -> h.el("p", "note", n));
        h.el("p", "note", "offheap " + toolVersion);
        h.close("section");
        return Page.render("offheap analyze", ReportText.header(r.snapshot()), h);
    }
}
