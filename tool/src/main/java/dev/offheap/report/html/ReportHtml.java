package dev.offheap.report.html;

import dev.offheap.model.Budget;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.ExplainedRss;
import dev.offheap.model.Report;
import dev.offheap.model.SavedInput;
import dev.offheap.model.Sizes;
import dev.offheap.model.Snapshot;
import dev.offheap.report.CategoryNames;
import dev.offheap.report.ReportText;
import dev.offheap.report.TargetFacts;
import java.util.List;
import java.util.Map;

/**
 * The HTML report of one snapshot ({@code offheap report PID --html FILE}, {@code offheap analyze FOLDER --html}):
 * the answer, RSS by category beside the budget and container limit, findings, the accounting table, the budget.
 */
public final class ReportHtml {
    /** Parts of a category listed in the table before the rest is summed up. */
    private static final int PARTS_SHOWN = 12;

    private ReportHtml() {
    }

    public static String render(Report r, String toolVersion) {
        return render(r, List.of(), toolVersion);
    }

    /** The page of saved files, with the files read, what each was read as and what it cannot tell. */
    public static String render(Report r, List<SavedInput> inputs, String toolVersion) {
        Snapshot s = r.snapshot();
        ExplainedRss e = r.explained();
        Long limit = s.cgroup() == null || s.cgroup().limitBytes().isEmpty() ? null : s.cgroup().limitBytes().getAsLong();
        Html h = new Html();
        Page.section(h, "Answer").el("p", "answer", ReportText.sentence(e));
        FindingCards.verdict(h, r.findings());
        h.close("section");
        Page.section(h, "Resident memory by category, budget and container limit");
        RssBarChart.render(h, e, r.budget(), limit);
        legend(h, e);
        h.close("section");
        FindingCards.section(h, r.findings());
        if (!inputs.isEmpty()) {
            EvidenceHtml.inputs(h, inputs);
        }
        accounting(h, e);
        budget(h, r, limit);
        flags(h, s);
        h.el("p", "note", "offheap " + toolVersion);
        return Page.render("offheap report", ReportText.header(s), h);
    }

    private static void legend(Html h, ExplainedRss e) {
        h.open("div", "facts");
        for (CategoryUsage u : e.categories()) {
            if (u.residentBytes() * 100 < e.rssBytes() && u.residentBytes() < (16 << 20)) {
                continue;
            }
            h.open("span", null).raw(swatch(Palette.color(u.category())))
                    .text(CategoryNames.words(u.category()) + " " + Sizes.format(u.residentBytes())).close("span");
        }
        h.close("div");
    }

    private static void accounting(Html h, ExplainedRss e) {
        Page.section(h, "Accounting: every resident byte, by category");
        h.open("table", null).raw("<thead>").row("th", "category", "reserved", "committed", "resident", "share", "source")
                .raw("</thead><tbody>");
        for (CategoryUsage u : e.categories()) {
            h.raw("<tr><td>").raw(swatch(Palette.color(u.category()))).text(u.category().text()).raw("</td>");
            cell(h, Sizes.orDash(u.reservedBytes()));
            cell(h, Sizes.orDash(u.committedBytes()));
            cell(h, (u.approximate() ? "~" : "") + Sizes.format(u.residentBytes()));
            cell(h, RssBarChart.percent(u.residentBytes(), e.rssBytes()));
            h.el("td", null, u.source() == null ? "" : u.source()).raw("</tr>");
            parts(h, u);
        }
        h.raw("<tr class=\"total\">").el("td", null, e.totalLabel()).el("td", null, "").el("td", null, "");
        cell(h, Sizes.format(e.rssBytes()));
        cell(h, "100%");
        h.el("td", null, "").raw("</tr></tbody></table>");
        h.el("p", "note", "How: " + e.basis());
        e.notes().forEach(n -> h.el("p", "note", "Note: " + n));
        h.close("section");
    }

    private static void parts(Html h, CategoryUsage u) {
        int shown = 0;
        long restBytes = 0;
        for (CategoryUsage.UsagePart p : u.parts()) {
            if (shown == PARTS_SHOWN) {
                restBytes += p.residentBytes();
                continue;
            }
            shown++;
            h.raw("<tr class=\"part\">").el("td", null, p.name()).el("td", null, "").el("td", null, "");
            cell(h, Sizes.format(p.residentBytes()));
            h.el("td", null, "").el("td", null, p.detail() == null ? "" : p.detail()).raw("</tr>");
        }
        if (u.parts().size() > PARTS_SHOWN) {
            h.raw("<tr class=\"part\">").el("td", null, "… " + (u.parts().size() - PARTS_SHOWN) + " more")
                    .el("td", null, "").el("td", null, "");
            cell(h, Sizes.format(restBytes));
            h.el("td", null, "").el("td", null, "").raw("</tr>");
        }
    }

    private static void budget(Html h, Report r, Long limit) {
        Budget b = r.budget();
        Page.section(h, "Budget");
        if (b == null) {
            h.el("p", "empty", "Unknown: the JVM's flags could not be read.");
        } else {
            h.el("p", null, "Budget " + Sizes.format(b.totalBytes()) + "; RSS is "
                    + RssBarChart.percent(r.explained().rssBytes(), b.totalBytes()) + " of it.");
            h.open("table", null).raw("<thead>").row("th", "part", "bytes", "from").raw("</thead><tbody>");
            b.parts().forEach(p -> h.row("td", p.name(), Sizes.format(p.bytes()), p.basis()));
            h.raw("</tbody></table>");
        }
        h.el("p", null, "Container limit: " + (limit == null ? "none"
                : Sizes.format(limit) + " (" + r.snapshot().cgroup().path() + ")"));
        h.close("section");
    }

    private static void flags(Html h, Snapshot s) {
        Map<String, String> flags = TargetFacts.flags(s);
        if (flags.isEmpty() && s.notes().isEmpty()) {
            return;
        }
        Page.section(h, "Target");
        if (!flags.isEmpty()) {
            h.open("table", null).raw("<thead>").row("th", "flag", "value").raw("</thead><tbody>");
            flags.forEach((k, v) -> h.raw("<tr>").el("td", "mono", k).el("td", "mono", v).raw("</tr>"));
            h.raw("</tbody></table>");
        }
        s.notes().forEach(n -> h.el("p", "note", "Note: " + n));
        h.close("section");
    }

    private static void cell(Html h, String text) {
        h.el("td", "num", text);
    }

    static String swatch(String color) {
        return "<span class=\"swatch\" style=\"background:" + color + "\"></span>";
    }
}
