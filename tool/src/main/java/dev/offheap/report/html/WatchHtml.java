package dev.offheap.report.html;

import dev.offheap.model.CategoryGrowth;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import dev.offheap.model.Sizes;
import dev.offheap.model.WatchReport;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The HTML report of a watch ({@code offheap watch PID --html FILE}, {@code offheap analyze RECORDING --html}):
 * the answer, resident memory over time by category with the growing ones highlighted and RSS projected to the
 * container limit, the time left to each limit, findings, the growth table, notes.
 */
public final class WatchHtml {
    /** A rise is highlighted when it is as steady and as large as the growth rules require (analyze.Growth). */
    private static final double STEADY = 0.75;
    private static final long MIN_GROWTH_BYTES = 8L << 20;

    private WatchHtml() {
    }

    public static String render(WatchReport w, String toolVersion) {
        Recording r = w.recording();
        List<Sample> s = r.samples();
        double span = s.size() < 2 ? 0 : (s.get(s.size() - 1).takenAtMillis() - s.get(0).takenAtMillis()) / 1000.0;
        Set<String> growing = growing(w, span);
        CategoryGrowth rss = w.growth().stream().filter(g -> g.name().equals("rss")).findFirst().orElse(null);
        Html h = new Html();
        Page.section(h, "Answer").el("p", "answer", sentence(w, span, growing));
        FindingCards.verdict(h, w.findings());
        h.close("section");
        Page.section(h, "Resident memory over time, by category");
        if (s.size() < 2) {
            h.el("p", "empty", s.isEmpty() ? "No samples." : "One sample only: nothing to draw over time.");
        } else if (s.get(s.size() - 1).rssBytes() == null) {
            h.el("p", "empty", "The recording has no RSS (a JFR recording of JDK 17 to 20): nothing to draw by category;"
                    + " the growth table shows what the JVM committed.");
        } else {
            AreaChart.render(h, new AreaChart.Input(s, growing, rss == null ? 0 : rss.bytesPerSecond(),
                    r.containerLimitBytes(), rss == null ? null : rss.secondsToLimit()));
            legend(h, s.get(s.size() - 1), growing, w.growth());
        }
        projections(h, w, r);
        h.close("section");
        FindingCards.section(h, w.findings());
        growthTable(h, w, growing);
        if (!w.notes().isEmpty()) {
            Page.section(h, "Notes");
            h.open("ul", null);
            w.notes().forEach(n -> h.el("li", "note", n));
            h.close("ul").close("section");
        }
        h.el("p", "note", "offheap " + toolVersion);
        return Page.render("offheap watch", target(r, s.size(), span), h);
    }

    /** Categories that rose steadily by a meaningful amount during the watch. */
    static Set<String> growing(WatchReport w, double span) {
        Set<String> names = new LinkedHashSet<>();
        for (CategoryGrowth g : w.growth()) {
            if (Palette.category(g.name()) != null && g.bytesPerSecond() > 0 && g.steadiness() >= STEADY
                    && g.bytesPerSecond() * span >= MIN_GROWTH_BYTES) {
                names.add(g.name());
            }
        }
        return names;
    }

    private static String sentence(WatchReport w, double span, Set<String> growing) {
        List<Sample> s = w.recording().samples();
        if (s.isEmpty()) {
            return "No samples were taken.";
        }
        Sample first = s.get(0);
        Sample last = s.get(s.size() - 1);
        if (first.rssBytes() == null || last.rssBytes() == null) {
            return "RSS was not recorded" + (growing.isEmpty() ? "." : "; growing: " + String.join(", ", growing) + ".");
        }
        StringBuilder sb = new StringBuilder("RSS ");
        if (s.size() < 2) {
            return sb.append(Sizes.format(last.rssBytes())).append(" (one sample).").toString();
        }
        sb.append("went from ").append(Sizes.format(first.rssBytes())).append(" to ").append(Sizes.format(last.rssBytes()))
                .append(" in ").append(Sizes.duration(span));
        if (growing.isEmpty()) {
            return sb.append("; no category grew steadily.").toString();
        }
        sb.append("; growing: ");
        List<String> parts = w.growth().stream().filter(g -> growing.contains(g.name()))
                .map(g -> g.name() + " " + Sizes.signed(Math.round(g.bytesPerSecond())) + "/s").toList();
        return sb.append(String.join(", ", parts)).append('.').toString();
    }

    private static void legend(Html h, Sample last, Set<String> growing, List<CategoryGrowth> rows) {
        h.open("div", "facts");
        last.residentBytes().entrySet().stream().filter(e -> e.getValue() > 0 || growing.contains(e.getKey()))
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).forEach(e -> {
                    h.open("span", null).raw(ReportHtml.swatch(Palette.color(e.getKey())));
                    if (growing.contains(e.getKey())) {
                        CategoryGrowth g = rows.stream().filter(x -> x.name().equals(e.getKey())).findFirst().orElseThrow();
                        h.el("b", null, "▲ " + e.getKey() + " " + Sizes.format(e.getValue()) + " ("
                                + Sizes.signed(Math.round(g.bytesPerSecond())) + "/s)");
                    } else {
                        h.text(e.getKey() + " " + Sizes.format(e.getValue()));
                    }
                    h.close("span");
                });
        h.close("div");
    }

    /** The time left to each limit something is rising towards. */
    private static void projections(Html h, WatchReport w, Recording r) {
        boolean any = false;
        for (CategoryGrowth g : w.growth()) {
            if (g.secondsToLimit() != null) {
                any = true;
                h.open("div", "projection").text("At " + Sizes.signed(Math.round(g.bytesPerSecond())) + "/s, ")
                        .el("b", null, g.name()).text(" reaches " + g.limitName() + " in ")
                        .el("b", null, "~" + Sizes.duration(g.secondsToLimit())).text(".").close("div");
            }
        }
        if (!any) {
            h.el("p", "note", r.containerLimitBytes() == null
                    ? "No container limit, and nothing rising towards another limit."
                    : "Nothing is rising towards the container limit (" + Sizes.format(r.containerLimitBytes())
                    + ") or another limit.");
        }
    }

    private static void growthTable(Html h, WatchReport w, Set<String> growing) {
        Page.section(h, "Growth per category");
        h.open("table", null).raw("<thead>").row("th", "category", "now", "growth/s", "steady", "time to limit")
                .raw("</thead><tbody>");
        for (CategoryGrowth g : w.growth()) {
            h.raw(growing.contains(g.name()) ? "<tr class=\"grow\">" : "<tr>").open("td", null)
                    .raw(ReportHtml.swatch(Palette.color(g.name()))).text(g.name()).close("td")
                    .el("td", "num", Sizes.format(g.currentBytes()))
                    .el("td", "num", Sizes.signed(Math.round(g.bytesPerSecond())))
                    .el("td", "num", Math.round(100 * g.steadiness()) + "%")
                    .el("td", null, g.secondsToLimit() == null ? "" : Sizes.duration(g.secondsToLimit()) + " ("
                            + g.limitName() + ")").raw("</tr>");
        }
        h.raw("</tbody></table>").close("section");
    }

    private static String target(Recording r, int samples, double span) {
        StringBuilder sb = new StringBuilder("pid ").append(r.pid());
        if (r.version() != null) {
            sb.append(", JDK ").append(r.version().text());
        }
        sb.append(", NMT ").append(r.nmtMode() == null ? "unknown" : r.nmtMode()).append(", ").append(samples)
                .append(" samples");
        if (samples >= 2) {
            sb.append(" over ").append(Sizes.duration(span));
        }
        if (r.containerLimitBytes() != null) {
            sb.append(", container limit ").append(Sizes.format(r.containerLimitBytes()));
        }
        return sb.toString();
    }
}
