package dev.offheap.report;

import dev.offheap.model.Finding;
import dev.offheap.model.GrowthGroup;
import dev.offheap.model.GrowthProfile;
import dev.offheap.model.Sizes;
import dev.offheap.model.StackFrame;
import java.util.List;
import java.util.Locale;

/**
 * A growth profile as text: how much RSS grew and how much of it the faults explain, then what grew it, group by
 * group (library, JNI class and its methods, Java caller, the most frequent stack), the notes, the findings.
 */
public final class GrowthProfileText {
    private static final int STACK_DEPTH = 12;

    private GrowthProfileText() {
    }

    public static String render(String title, GrowthProfile p, List<Finding> findings, int top) {
        StringBuilder sb = new StringBuilder(title);
        sb.append(String.format(Locale.ROOT, ", %.1f s\n", p.window().durationMillis() / 1000.0));
        for (String note : p.notes()) {
            sb.append("  (").append(note).append(")\n");
        }
        sb.append('\n').append(headline(p)).append('\n');
        List<GrowthGroup> groups = p.groups().subList(0, Math.min(top, p.groups().size()));
        if (!groups.isEmpty()) {
            sb.append('\n').append(p.grew() ? "  What grew RSS (faults grouped by what touched new memory)\n"
                    : "  What touched memory (not growth: RSS did not grow)\n");
            TextTable t = new TextTable("#", "bytes", "share", "of growth", "rate", "").leftAlign(5);
            int i = 0;
            for (GrowthGroup g : groups) {
                t.row("#" + ++i, Sizes.format(g.bytes()), percent(g.share()), g.explained() == null ? "-" : percent(g.explained()),
                        rate(p, g), OneLine.of(g.title()));
            }
            sb.append(t.render("    "));
            i = 0;
            for (GrowthGroup g : groups) {
                details(sb, ++i, g);
            }
        }
        sb.append('\n').append(FindingsText.render(findings));
        return sb.toString();
    }

    private static String headline(GrowthProfile p) {
        double seconds = p.window().durationMillis() / 1000.0;
        if (!p.grew()) {
            return String.format(Locale.ROOT, "RSS did not grow: %s in %.1f s (within %s of noise). Nothing grew; no leak is"
                    + " named.", Sizes.signed(p.rssGrowthBytes()), seconds, Sizes.format(p.noiseBytes()));
        }
        return String.format(Locale.ROOT, "RSS grew by %s in %.1f s (%s/s); the sampled faults stand for %s of new pages,"
                        + " explaining %s of the growth.", Sizes.format(p.rssGrowthBytes()), seconds,
                Sizes.format(Math.round(p.growthPerSecond())), Sizes.format(p.estimatedBytes()), percent(p.explained()));
    }

    private static void details(StringBuilder sb, int n, GrowthGroup g) {
        sb.append("\n    #").append(n).append(' ').append(OneLine.of(g.title())).append('\n');
        if (g.library() != null) {
            sb.append("        library ").append(OneLine.of(g.library().shown()));
            if (g.library().renamed() || g.library().path() != null && !g.library().path().endsWith("/" + g.library().file())) {
                sb.append(" (").append(OneLine.of(g.library().path() == null ? g.library().file() : g.library().path()));
                if (g.library().how() != null) {
                    sb.append("; ").append(OneLine.of(g.library().how()));
                }
                sb.append(')');
            }
            sb.append('\n');
        }
        if (g.javaClass() != null) {
            sb.append("        Java class ").append(OneLine.of(g.javaClass())).append('\n');
        }
        if (!g.methods().isEmpty()) {
            sb.append("        methods ");
            int i = 0;
            for (GrowthGroup.Share m : g.methods().subList(0, Math.min(4, g.methods().size()))) {
                sb.append(i++ == 0 ? "" : ", ").append(OneLine.of(m.name())).append(' ').append(percent(m.share()));
            }
            sb.append('\n');
        }
        if (g.caller() != null) {
            sb.append("        called from ").append(OneLine.of(g.caller().name())).append(' ').append(percent(g.caller().share())).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "        %d faults from %d samples in %d thread%s (%s), ±%.0f%%\n", g.faults(),
                g.samples(), g.threads(), g.threads() == 1 ? "" : "s", OneLine.of(String.valueOf(g.thread())), g.error() * 100));
        for (String note : g.notes()) {
            sb.append("        (").append(OneLine.of(note)).append(")\n");
        }
        int shown = 0;
        for (StackFrame f : g.frames()) {
            if (shown++ == STACK_DEPTH) {
                sb.append("          ... ").append(g.frames().size() - STACK_DEPTH).append(" more\n");
                break;
            }
            sb.append("          ").append(OneLine.of(f.name()));
            if (f.library() != null && !f.name().startsWith("[")) {
                sb.append("  (").append(OneLine.of(f.library())).append(')');
            }
            sb.append('\n');
        }
    }

    private static String rate(GrowthProfile p, GrowthGroup g) {
        double minutes = Math.max(1, p.window().durationMillis()) / 60_000.0;
        return Sizes.format(Math.round(g.bytes() / minutes)) + "/min";
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }
}
