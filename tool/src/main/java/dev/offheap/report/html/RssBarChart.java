package dev.offheap.report.html;

import static dev.offheap.report.html.Ticks.n;

import dev.offheap.model.Budget;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.ExplainedRss;
import dev.offheap.model.Sizes;
import java.util.List;

/**
 * RSS as one stacked bar by category, the budget as a bar of its parts beneath, and the container limit as a red
 * line across both, on one byte scale: what is used, what the JVM's limits allow, where the kernel kills.
 */
final class RssBarChart {
    private static final int WIDTH = 1160;
    private static final int LEFT = 90;
    private static final int RIGHT = 24;
    private static final int RSS_Y = 34;
    private static final int RSS_H = 56;
    private static final int BUDGET_Y = 112;
    private static final int BUDGET_H = 30;
    private static final int AXIS_Y = 156;
    private static final String[] GREYS = {"#cfd6e0", "#b6c0ce", "#dfe4ea", "#a6b1c1"};

    private RssBarChart() {
    }

    static void render(Html h, ExplainedRss e, Budget budget, Long limitBytes) {
        long max = e.rssBytes();
        if (budget != null) {
            max = Math.max(max, budget.totalBytes());
        }
        if (limitBytes != null) {
            max = Math.max(max, limitBytes);
        }
        List<Long> ticks = Ticks.bytes(max, 8);
        double scale = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, ticks.get(ticks.size() - 1));
        int height = AXIS_Y + 24;
        h.raw("<svg class=\"bars\" role=\"img\" viewBox=\"0 0 " + WIDTH + " " + height + "\" width=\"" + WIDTH
                + "\" height=\"" + height + "\" xmlns=\"http://www.w3.org/2000/svg\">");
        h.open("title", null).text("RSS " + Sizes.format(e.rssBytes()) + " by category, budget and container limit").close("title");
        for (long t : ticks) {
            double x = LEFT + t * scale;
            h.raw("<line x1=\"" + n(x) + "\" y1=\"" + (RSS_Y - 8) + "\" x2=\"" + n(x) + "\" y2=\"" + AXIS_Y
                    + "\" stroke=\"#e3e6eb\"/>");
            h.raw("<text x=\"" + n(x) + "\" y=\"" + (AXIS_Y + 14) + "\" font-size=\"11\" fill=\"#5b6475\" text-anchor=\"middle\">")
                    .text(Sizes.format(t)).raw("</text>");
        }
        label(h, RSS_Y + RSS_H / 2.0, "RSS");
        double x = LEFT;
        for (CategoryUsage u : e.categories()) {
            if (u.residentBytes() <= 0) {
                continue;
            }
            double w = u.residentBytes() * scale;
            segment(h, x, RSS_Y, w, RSS_H, Palette.color(u.category()), u.category().text(),
                    Sizes.format(u.residentBytes()) + " (" + percent(u.residentBytes(), e.rssBytes()) + ")");
            x += w;
        }
        // the total right of the bar, level with it (the container limit is labelled above the bar)
        boolean inside = x > WIDTH - RIGHT - 80;
        h.raw("<text x=\"" + n(inside ? x - 6 : x + 6) + "\" y=\"" + n(RSS_Y + RSS_H / 2.0 + 5) + "\" font-size=\"13\""
                + " font-weight=\"700\" text-anchor=\"" + (inside ? "end" : "start") + "\">").text(Sizes.format(e.rssBytes()))
                .raw("</text>");
        if (budget != null) {
            budgetBar(h, budget, scale);
        }
        if (limitBytes != null) {
            limitLine(h, limitBytes, scale);
        }
        h.raw("</svg>");
    }

    private static void budgetBar(Html h, Budget budget, double scale) {
        label(h, BUDGET_Y + BUDGET_H / 2.0, "budget");
        double x = LEFT;
        int i = 0;
        for (Budget.Part p : budget.parts()) {
            double w = p.bytes() * scale;
            segment(h, x, BUDGET_Y, w, BUDGET_H, GREYS[i++ % GREYS.length], p.name(), Sizes.format(p.bytes()) + " — " + p.basis());
            x += w;
        }
    }

    private static void limitLine(Html h, long limitBytes, double scale) {
        double x = LEFT + limitBytes * scale;
        h.raw("<line x1=\"" + n(x) + "\" y1=\"" + (RSS_Y - 22) + "\" x2=\"" + n(x) + "\" y2=\"" + (AXIS_Y - 2)
                + "\" stroke=\"#c62828\" stroke-width=\"2.5\" stroke-dasharray=\"6 3\"/>");
        h.raw("<text x=\"" + n(x - 4) + "\" y=\"" + (RSS_Y - 12) + "\" font-size=\"12\" fill=\"#c62828\" text-anchor=\"end\">")
                .text("container limit " + Sizes.format(limitBytes)).raw("</text>");
    }

    private static void label(Html h, double y, String text) {
        h.raw("<text x=\"" + (LEFT - 8) + "\" y=\"" + n(y + 4) + "\" font-size=\"13\" font-weight=\"600\" text-anchor=\"end\">")
                .text(text).raw("</text>");
    }

    /** A rectangle with a tooltip, labelled inside when wide enough. */
    private static void segment(Html h, double x, double y, double w, double height, String color, String name, String detail) {
        h.raw("<g><title>").text(name + ": " + detail).raw("</title>");
        h.raw("<rect x=\"" + n(x) + "\" y=\"" + y + "\" width=\"" + n(Math.max(w, 0.5)) + "\" height=\"" + n(height)
                + "\" fill=\"" + color + "\" stroke=\"#fff\" stroke-width=\"1\"/>");
        int chars = (int) ((w - 8) / 6.6);
        if (chars >= 4) {
            String text = name.length() <= chars ? name : name.substring(0, chars - 1) + "…";
            h.raw("<text x=\"" + n(x + 4) + "\" y=\"" + n(y + height / 2 + 4) + "\" font-size=\"11\" fill=\"#1d2330\">")
                    .text(text).raw("</text>");
        }
        h.raw("</g>");
    }

    static String percent(long part, long whole) {
        if (whole <= 0) {
            return "-";
        }
        long p = Math.round(100.0 * part / whole);
        return (p == 0 && part > 0 ? "<1" : Long.toString(p)) + "%";
    }
}
