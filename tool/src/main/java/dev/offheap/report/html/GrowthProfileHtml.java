package dev.offheap.report.html;

import dev.offheap.model.Finding;
import dev.offheap.model.GrowthGroup;
import dev.offheap.model.GrowthProfile;
import dev.offheap.model.Sizes;
import dev.offheap.model.StackFrame;
import java.util.List;
import java.util.Locale;

/**
 * The HTML report of a growth profile ({@code offheap profile PID --html FILE}): the answer (how much RSS grew and
 * what the faults explain), a flame graph of the new pages by stack (threads at the root), findings, the groups with
 * their library, JNI methods and Java caller, and the notes.
 */
public final class GrowthProfileHtml {
    private static final int TOP_GROUPS = 20;

    private GrowthProfileHtml() {
    }

    public static String render(String title, GrowthProfile p, List<Finding> findings, String toolVersion) {
        Html h = new Html();
        Page.section(h, "Answer").el("p", "answer", sentence(p));
        FindingCards.verdict(h, findings);
        h.close("section");
        Page.section(h, p.grew() ? "New pages touched, by call stack" : "Pages touched (RSS did not grow), by call stack");
        if (p.stacks().isEmpty()) {
            h.el("p", "empty", "Nothing to draw: no fault was sampled.");
        } else {
            FlameGraphSvg.render(h, p.stacks());
            h.el("p", "note", "Each box is a frame, as wide as the new pages first touched through it; the thread at the"
                    + " root, callers below callees. Green: Java; yellow-orange: native. Hover for the full name.");
        }
        h.close("section");
        FindingCards.section(h, findings);
        Page.section(h, p.grew() ? "What grew RSS" : "What touched memory");
        groups(h, p);
        h.close("section");
        if (!p.notes().isEmpty()) {
            Page.section(h, "Notes");
            p.notes().forEach(n -> h.el("p", "note", n));
            h.close("section");
        }
        h.el("p", "note", "offheap " + toolVersion);
        return Page.render(title, String.format(Locale.ROOT, "growth, %.1f s", p.window().durationMillis() / 1000.0), h);
    }

    private static String sentence(GrowthProfile p) {
        double seconds = p.window().durationMillis() / 1000.0;
        if (!p.grew()) {
            return String.format(Locale.ROOT, "RSS did not grow (%s in %.1f s, within %s of noise): nothing grew.",
                    Sizes.signed(p.rssGrowthBytes()), seconds, Sizes.format(p.noiseBytes()));
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "RSS grew by %s in %.1f s; the faults explain %.0f%% of it.",
                Sizes.format(p.rssGrowthBytes()), seconds, p.explained() * 100));
        if (!p.groups().isEmpty()) {
            GrowthGroup g = p.groups().get(0);
            sb.append(String.format(Locale.ROOT, " First: %s (%.0f%% of the faults).", g.title(), g.share() * 100));
        }
        return sb.toString();
    }

    private static void groups(Html h, GrowthProfile p) {
        if (p.groups().isEmpty()) {
            h.el("p", "empty", "None.");
            return;
        }
        h.open("table", null).raw("<thead>").row("th", "bytes", "share", "of growth", "what", "library", "called from")
                .raw("</thead><tbody>");
        for (GrowthGroup g : p.groups().subList(0, Math.min(TOP_GROUPS, p.groups().size()))) {
            h.raw("<tr>").el("td", "num", Sizes.format(g.bytes())).el("td", "num", percent(g.share()))
                    .el("td", "num", g.explained() == null ? "-" : percent(g.explained())).el("td", "mono", g.title())
                    .el("td", "mono", g.library() == null ? "" : g.library().shown()
                            + (g.library().renamed() ? " (" + g.library().file() + ")" : ""))
                    .el("td", "mono", g.caller() == null ? "" : g.caller().name()).raw("</tr>");
        }
        h.raw("</tbody></table>");
        int i = 0;
        for (GrowthGroup g : p.groups().subList(0, Math.min(5, p.groups().size()))) {
            h.raw(++i <= 2 ? "<details open>" : "<details>").el("summary", null, "#" + i + " " + g.title());
            g.notes().forEach(n -> h.el("p", "note", n));
            h.open("ol", "mono");
            for (StackFrame f : g.frames()) {
                h.el("li", null, f.name() + (f.library() != null && !f.name().startsWith("[") ? "  (" + f.library() + ")" : ""));
            }
            h.close("ol").raw("</details>");
        }
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }
}
