package dev.offheap.report.html;

import static dev.offheap.report.html.Ticks.n;

import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Sample;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Resident memory over time as stacked areas by category (they add up to RSS), growing categories on top and in
 * full colour, the others faded; RSS projected ahead at its rate, and the container limit where it is in reach.
 */
final class AreaChart {
    private static final int WIDTH = 1160;
    private static final int HEIGHT = 400;
    private static final int LEFT = 74;
    private static final int RIGHT = 210;
    private static final int TOP = 24;
    private static final int BOTTOM = 34;

    /** What to draw: samples (oldest first), growing category names, RSS slope, container limit (null: none). */
    record Input(List<Sample> samples, Set<String> growing, double rssBytesPerSecond, Long limitBytes,
                 Double rssSecondsToLimit) {
    }

    private AreaChart() {
    }

    static void render(Html h, Input in) {
        List<Sample> s = in.samples();
        long t0 = s.get(0).takenAtMillis();
        double span = (s.get(s.size() - 1).takenAtMillis() - t0) / 1000.0;
        boolean project = in.rssBytesPerSecond() > 0 && !in.growing().isEmpty();
        // far enough ahead to show where RSS meets the limit when that is near, else a third of the watch
        Double toLimit = in.rssSecondsToLimit();
        double ahead = !project ? 0 : toLimit != null && toLimit <= 2 * span ? toLimit * 1.1 : Math.max(span * 0.35, 1);
        long lastRss = rss(s.get(s.size() - 1));
        long projected = Math.round(lastRss + in.rssBytesPerSecond() * ahead);
        long top = Math.max(projected, s.stream().mapToLong(AreaChart::rss).max().orElse(0));
        boolean limitShown = in.limitBytes() != null && in.limitBytes() <= top * 1.6;
        if (limitShown) {
            top = Math.max(top, in.limitBytes());
        }
        List<Long> yTicks = Ticks.bytes(top, 6);
        double yMax = Math.max(1, yTicks.get(yTicks.size() - 1));
        double xMax = Math.max(span + ahead, 1);
        Plot p = new Plot(xMax, yMax);
        h.raw("<svg class=\"areas\" role=\"img\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" width=\"" + WIDTH
                + "\" height=\"" + HEIGHT + "\" xmlns=\"http://www.w3.org/2000/svg\">");
        h.el("title", null, "resident memory by category over time");
        axes(h, p, yTicks, Ticks.seconds(xMax, 8));
        List<String> names = stackOrder(s, in.growing());
        List<double[]> labels = areas(h, p, s, names, in.growing());
        growingLabels(h, p.x(span) + 8, labels, names);
        projection(h, p, in, span, ahead, lastRss, limitShown);
        h.raw("</svg>");
    }

    /** One polygon per category, stacked; returns the label positions (y, index in names) of the growing ones. */
    private static List<double[]> areas(Html h, Plot p, List<Sample> s, List<String> names, Set<String> growing) {
        long t0 = s.get(0).takenAtMillis();
        double[] base = new double[s.size()];
        List<double[]> labels = new ArrayList<>();
        for (String name : names) {
            double[] upper = new double[s.size()];
            for (int i = 0; i < s.size(); i++) {
                upper[i] = base[i] + s.get(i).residentBytes().getOrDefault(name, 0L);
            }
            boolean grows = growing.contains(name);
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.size(); i++) {
                pts.append(n(p.x(seconds(s.get(i), t0)))).append(',').append(n(p.y(upper[i]))).append(' ');
            }
            for (int i = s.size() - 1; i >= 0; i--) {
                pts.append(n(p.x(seconds(s.get(i), t0)))).append(',').append(n(p.y(base[i]))).append(' ');
            }
            h.raw("<g><title>").text(name + ": " + Sizes.format(s.get(s.size() - 1).residentBytes().getOrDefault(name, 0L))
                    + (grows ? " (growing)" : "")).raw("</title>");
            h.raw("<polygon points=\"" + pts.toString().trim() + "\" fill=\"" + Palette.color(name) + "\" fill-opacity=\""
                    + (grows ? "0.95" : "0.4") + "\"" + (grows ? " stroke=\"#1d2330\" stroke-width=\"1.2\"" : "") + "/></g>");
            if (grows) {
                labels.add(new double[] {p.y((base[s.size() - 1] + upper[s.size() - 1]) / 2), names.indexOf(name)});
            }
            base = upper;
        }
        return labels;
    }

    private static void axes(Html h, Plot p, List<Long> yTicks, List<Long> xTicks) {
        for (long t : yTicks) {
            h.raw("<line x1=\"" + LEFT + "\" y1=\"" + n(p.y(t)) + "\" x2=\"" + (WIDTH - RIGHT) + "\" y2=\"" + n(p.y(t))
                    + "\" stroke=\"#e3e6eb\"/>");
            h.raw("<text x=\"" + (LEFT - 6) + "\" y=\"" + n(p.y(t) + 4) + "\" font-size=\"11\" fill=\"#5b6475\" text-anchor=\"end\">")
                    .text(Sizes.format(t)).raw("</text>");
        }
        for (long t : xTicks) {
            h.raw("<text x=\"" + n(p.x(t)) + "\" y=\"" + (HEIGHT - BOTTOM + 16) + "\" font-size=\"11\" fill=\"#5b6475\""
                    + " text-anchor=\"middle\">").text(t == 0 ? "0" : "+" + Sizes.duration(t)).raw("</text>");
        }
        h.raw("<line x1=\"" + LEFT + "\" y1=\"" + (HEIGHT - BOTTOM) + "\" x2=\"" + (WIDTH - RIGHT) + "\" y2=\""
                + (HEIGHT - BOTTOM) + "\" stroke=\"#5b6475\"/>");
    }

    /** Names of the growing categories right of the last sample, pushed apart so they do not overlap. */
    private static void growingLabels(Html h, double x, List<double[]> labels, List<String> names) {
        labels.sort(Comparator.comparingDouble(l -> l[0]));
        double previous = -100;
        for (double[] l : labels) {
            double y = Math.max(l[0], previous + 15);
            previous = y;
            String name = names.get((int) l[1]);
            h.raw("<text x=\"" + n(x) + "\" y=\"" + n(y + 4) + "\" font-size=\"12\" font-weight=\"700\" fill=\"#1d2330\">")
                    .text("▲ " + name).raw("</text>");
        }
    }

    /** RSS ahead at its current rate (dashed), and the container limit (red) where it is on the chart. */
    private static void projection(Html h, Plot p, AreaChart.Input in, double span, double ahead, long lastRss, boolean limitShown) {
        if (limitShown) {
            double y = p.y(in.limitBytes());
            h.raw("<line x1=\"" + LEFT + "\" y1=\"" + n(y) + "\" x2=\"" + (WIDTH - RIGHT) + "\" y2=\"" + n(y)
                    + "\" stroke=\"#c62828\" stroke-width=\"2\" stroke-dasharray=\"7 4\"/>");
            h.raw("<text x=\"" + (LEFT + 6) + "\" y=\"" + n(y - 5) + "\" font-size=\"12\" fill=\"#c62828\">")
                    .text("container limit " + Sizes.format(in.limitBytes())).raw("</text>");
        }
        if (ahead <= 0) {
            return;
        }
        double end = span + ahead;
        double endRss = lastRss + in.rssBytesPerSecond() * ahead;
        h.raw("<line x1=\"" + n(p.x(span)) + "\" y1=\"" + n(p.y(lastRss)) + "\" x2=\"" + n(p.x(end)) + "\" y2=\""
                + n(p.y(endRss)) + "\" stroke=\"#1d2330\" stroke-width=\"2\" stroke-dasharray=\"5 4\"/>");
        h.raw("<line x1=\"" + n(p.x(span)) + "\" y1=\"" + TOP + "\" x2=\"" + n(p.x(span)) + "\" y2=\"" + (HEIGHT - BOTTOM)
                + "\" stroke=\"#9aa3b0\" stroke-dasharray=\"2 3\"/>");
        h.raw("<text x=\"" + n(p.x(span) + 4) + "\" y=\"" + (TOP + 10) + "\" font-size=\"11\" fill=\"#5b6475\">")
                .text("projected").raw("</text>");
        Double toLimit = in.rssSecondsToLimit();
        if (limitShown && toLimit != null && toLimit <= ahead) {
            double x = p.x(span + toLimit);
            double y = p.y(in.limitBytes());
            h.raw("<circle cx=\"" + n(x) + "\" cy=\"" + n(y) + "\" r=\"6\" fill=\"#c62828\"/>");
            h.raw("<text x=\"" + n(x - 10) + "\" y=\"" + n(y + 20) + "\" font-size=\"12\" font-weight=\"700\" fill=\"#c62828\""
                    + " text-anchor=\"end\">").text("limit in ~" + Sizes.duration(toLimit)).raw("</text>");
        }
    }

    /** Categories seen in the samples, steady ones at the bottom (in the contract's order), growing ones on top. */
    private static List<String> stackOrder(List<Sample> samples, Set<String> growing) {
        List<String> steady = new ArrayList<>();
        List<String> grows = new ArrayList<>();
        for (MemoryCategory c : MemoryCategory.values()) {
            if (samples.stream().anyMatch(x -> x.residentBytes().getOrDefault(c.text(), 0L) > 0)) {
                (growing.contains(c.text()) ? grows : steady).add(c.text());
            }
        }
        samples.stream().flatMap(x -> x.residentBytes().keySet().stream()).distinct().sorted()
                .filter(name -> Palette.category(name) == null).forEach(name -> (growing.contains(name) ? grows : steady).add(name));
        steady.addAll(grows);
        return steady;
    }

    /** The sample's RSS; a sample without one (none is drawn then) counts as 0. */
    private static long rss(Sample s) {
        return s.rssBytes() == null ? 0 : s.rssBytes();
    }

    private static double seconds(Sample s, long t0) {
        return (s.takenAtMillis() - t0) / 1000.0;
    }

    /** Data to pixels. */
    private record Plot(double xMax, double yMax) {
        double x(double seconds) {
            return LEFT + seconds / xMax * (WIDTH - LEFT - RIGHT);
        }

        double y(double bytes) {
            return HEIGHT - BOTTOM - bytes / yMax * (HEIGHT - TOP - BOTTOM);
        }
    }
}
