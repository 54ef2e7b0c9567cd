package dev.offheap.report.html;

import dev.offheap.model.CategoryUsage;
import dev.offheap.model.EvidenceReport;
import dev.offheap.model.NmtView;
import dev.offheap.model.SavedInput;
import dev.offheap.model.Sizes;
import dev.offheap.report.ReportText;
import java.util.List;

/** The page of an analysis of files without a memory map: what was read, NMT's own view per category, findings. */
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
        inputs(h, r.sources());
        if (r.nmt() != null) {
            NmtView v = r.nmt();
            Page.section(h, "NMT's view (committed, not resident)");
            h.open("table", null).raw("<thead>").row("th", "category / NMT category", "reserved", "committed", "")
                    .raw("</thead><tbody>");
            for (CategoryUsage u : r.jvmCategories()) {
                h.row("td", u.category().text(), Sizes.orDash(u.reservedBytes()), Sizes.orDash(u.committedBytes()), "");
                for (NmtView.Line l : v.lines(u.category())) {
                    h.row("td", "\u00a0\u00a0" + l.label(), Sizes.format(l.reserved().bytes()), Sizes.format(l.committed().bytes()),
                            l.note());
                }
            }
            h.row("td", "total (NMT's Total:)", Sizes.format(v.totalReserved().bytes()), Sizes.format(v.totalCommitted().bytes()), "");
            h.raw("</tbody></table>").close("section");
        }
        Page.section(h, "Notes");
        r.notes().forEach(n -> h.el("p", "note", n));
        r.snapshot().notes().forEach(n -> h.el("p", "note", n));
        h.el("p", "note", "offheap " + toolVersion);
        h.close("section");
        return Page.render("offheap analyze", ReportText.header(r.snapshot()), h);
    }

    /** The files read: what each was read as, where it was cut, what it cannot tell. */
    static void inputs(Html h, List<SavedInput> inputs) {
        Page.section(h, "Files read");
        h.open("ul", null);
        for (SavedInput s : inputs) {
            h.el("li", null, s.describe() + (s.cannotTell().isEmpty() ? "" : "; cannot tell: " + s.cannotTell()));
        }
        h.close("ul").close("section");
    }
}
