package dev.offheap.report;

import dev.offheap.model.CategoryGrowth;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import dev.offheap.model.Sizes;
import dev.offheap.model.WatchReport;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Text of {@code offheap watch}: the live view redrawn on a terminal (a row per category with size, rate and a
 * sparkline), the plain line printed per sample otherwise, and the final report (growth table, findings, notes).
 */
public final class WatchText {
    private static final String SPARKS = "▁▂▃▄▅▆▇█";
    private static final int SPARK_WIDTH = 30;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private WatchText() {
    }

    /** One plain line per sample: time, RSS and the categories that changed since the previous sample. */
    public static String line(Sample s, Sample previous) {
        StringBuilder sb = new StringBuilder(CLOCK.format(Instant.ofEpochMilli(s.takenAtMillis())));
        sb.append(" rss ").append(Sizes.orDash(s.rssBytes()));
        if (previous != null && s.rssBytes() != null && previous.rssBytes() != null) {
            sb.append(" (").append(Sizes.signed(s.rssBytes() - previous.rssBytes())).append(')');
        }
        for (MemoryCategory c : MemoryCategory.values()) {
            Long now = s.residentBytes().get(c.text());
            if (now == null || now < (1 << 20)) {
                continue;
            }
            sb.append("  ").append(c.text()).append(' ').append(Sizes.format(now));
        }
        if (s.directBytes() != null) {
            sb.append("  direct-pool ").append(Sizes.format(s.directBytes())).append(" (").append(s.directCount()).append(')');
        }
        if (s.liveThreads() != null) {
            sb.append("  threads ").append(s.liveThreads());
        }
        if (s.loadedClasses() != null) {
            sb.append("  classes ").append(s.loadedClasses() - (s.unloadedClasses() == null ? 0 : s.unloadedClasses()));
        }
        return sb.append('\n').toString();
    }

    /** ANSI cursor home, then erase the screen: the live screen's prefix. */
    public static final String HOME_AND_CLEAR = "\u001b[H\u001b[2J";

    /** The live screen: ANSI home + clear, a header, then a row per category with size, rate and sparkline. */
    public static String screen(Recording r, List<Sample> samples, long elapsedMillis, long durationMillis) {
        StringBuilder sb = new StringBuilder(HOME_AND_CLEAR);
        sb.append("offheap watch ").append(r.pid()).append(r.version() == null ? "" : " (JDK " + r.version().text() + ")")
                .append("  ").append(elapsedMillis / 1000).append("s of ").append(durationMillis / 1000)
                .append("s, ").append(samples.size()).append(" samples  — Ctrl-C ends and reports\n\n");
        TextTable t = new TextTable("category", "now", "rate", "trend").leftAlign(0).leftAlign(3);
        Sample last = samples.get(samples.size() - 1);
        t.row("rss", Sizes.format(last.rssBytes()), rate(samples, s -> s.rssBytes()), spark(samples, s -> s.rssBytes()));
        for (MemoryCategory c : MemoryCategory.values()) {
            Long now = last.residentBytes().get(c.text());
            if (now == null || now == 0) {
                continue;
            }
            ToLongFunction<Sample> f = s -> s.residentBytes().getOrDefault(c.text(), 0L);
            t.row(c.text(), Sizes.format(now), rate(samples, f), spark(samples, f));
        }
        if (last.directBytes() != null) {
            t.row("direct pool (" + last.directCount() + ")", Sizes.format(last.directBytes()),
                    rate(samples, s -> s.directBytes() == null ? 0 : s.directBytes()),
                    spark(samples, s -> s.directBytes() == null ? 0 : s.directBytes()));
        }
        sb.append(t.render("  "));
        sb.append("\n  threads ").append(last.liveThreads() == null ? "?" : last.liveThreads())
                .append("   classes ").append(last.loadedClasses() == null ? "?" : last.loadedClasses()
                        - (last.unloadedClasses() == null ? 0 : last.unloadedClasses()))
                .append("   code cache ").append(Sizes.orDash(last.codeCacheUsedBytes())).append('\n');
        return sb.toString();
    }

    /** The final report: growth per category, findings, notes. */
    public static String render(WatchReport w) {
        StringBuilder sb = new StringBuilder();
        Recording r = w.recording();
        List<Sample> s = r.samples();
        sb.append("offheap watch: pid ").append(r.pid());
        if (r.version() != null) {
            sb.append(", JDK ").append(r.version().text());
        }
        sb.append(", NMT ").append(r.nmtMode() == null ? "unknown" : r.nmtMode()).append(", ").append(s.size()).append(" samples");
        if (s.size() >= 2) {
            sb.append(" over ").append(Sizes.duration((s.get(s.size() - 1).takenAtMillis() - s.get(0).takenAtMillis()) / 1000.0));
        }
        sb.append("\n\n");
        if (!w.growth().isEmpty()) {
            TextTable t = new TextTable("category", "now", "growth/s", "steady", "time to limit").leftAlign(0).leftAlign(4);
            for (CategoryGrowth g : w.growth()) {
                t.row(g.name(), Sizes.format(g.currentBytes()), Sizes.signed(Math.round(g.bytesPerSecond())),
                        Math.round(100 * g.steadiness()) + "%", g.secondsToLimit() == null ? ""
                                : Sizes.duration(g.secondsToLimit()) + " (" + g.limitName() + ")");
            }
            sb.append(t.render("  ")).append('\n');
        }
        sb.append(FindingsText.render(w.findings()));
        if (!w.notes().isEmpty()) {
            sb.append("\nNotes:\n");
            w.notes().forEach(n -> sb.append("  - ").append(n).append('\n'));
        }
        return sb.toString();
    }

    private static String rate(List<Sample> samples, ToLongFunction<Sample> f) {
        int from = Math.max(0, samples.size() - 10);
        Sample a = samples.get(from);
        Sample b = samples.get(samples.size() - 1);
        double seconds = (b.takenAtMillis() - a.takenAtMillis()) / 1000.0;
        return seconds <= 0 ? "" : Sizes.signed(Math.round((f.applyAsLong(b) - f.applyAsLong(a)) / seconds)) + "/s";
    }

    static String spark(List<Sample> samples, ToLongFunction<Sample> f) {
        int from = Math.max(0, samples.size() - SPARK_WIDTH);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = from; i < samples.size(); i++) {
            long v = f.applyAsLong(samples.get(i));
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < samples.size(); i++) {
            long v = f.applyAsLong(samples.get(i));
            int level = max == min ? 0 : (int) ((v - min) * (SPARKS.length() - 1) / (max - min));
            sb.append(SPARKS.charAt(level));
        }
        return sb.toString();
    }
}
