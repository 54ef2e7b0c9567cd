package dev.offheap.report.html;

import dev.offheap.model.AllocationProfile;
import dev.offheap.model.AllocationSite;
import dev.offheap.model.Finding;
import dev.offheap.model.Sizes;
import dev.offheap.model.StackFrame;
import java.util.List;
import java.util.Locale;

/**
 * The HTML report of a malloc profile ({@code offheap profile PID --html FILE}, {@code offheap analyze *.heap
 * --html}): the answer, a flame graph of what stays allocated, findings, the bytes by library and by Java method,
 * the top stacks, churn.
 */
public final class ProfileHtml {
    private static final int TOP_GROUPS = 30;
    private static final int TOP_STACKS = 20;

    private ProfileHtml() {
    }

    public static String render(String title, AllocationProfile p, List<Finding> findings, String toolVersion) {
        Html h = new Html();
        Page.section(h, "Answer").el("p", "answer", sentence(p));
        FindingCards.verdict(h, findings);
        h.close("section");
        Page.section(h, heading(p) + ", by call stack");
        if (p.leaked().isEmpty() || p.leakedBytes() <= 0) {
            h.el("p", "empty", "Nothing to draw: no allocation stayed.");
        } else {
            FlameGraphSvg.render(h, p.leaked());
            h.el("p", "note", "Each box is a frame, as wide as the bytes allocated through it; callers below callees."
                    + " Green: Java; yellow-orange: native; grey: JIT stubs and unnamed addresses. Hover for the full name.");
        }
        h.close("section");
        FindingCards.section(h, findings);
        Page.section(h, "By native library and by Java method");
        groups(h, "by native library (first frame outside libc and the allocator)", "library", p.byLibrary());
        groups(h, "by Java method (nearest Java frame, usually the JNI entry)", "Java method", p.byJavaMethod());
        h.close("section");
        Page.section(h, "Top stacks");
        stacks(h, p.leaked(), TOP_STACKS);
        h.close("section");
        if (p.churnBytes() != null || (p.recentBytes() != null && p.recentBytes() > 0) || !p.notes().isEmpty()) {
            Page.section(h, "Churn and notes");
            if (p.churnBytes() != null) {
                h.el("p", null, "Churn (allocated and freed during the profile, not leaked): " + Sizes.format(p.churnBytes())
                        + " in " + p.churnCount() + " allocations.");
                stacks(h, p.churn(), 3);
            }
            if (p.recentBytes() != null && p.recentBytes() > 0) {
                h.el("p", null, "Not judged (allocated in the last part of the profile, still allocated): "
                        + Sizes.format(p.recentBytes()) + ".");
            }
            p.notes().forEach(n -> h.el("p", "note", "Note: " + n));
            h.close("section");
        }
        h.el("p", "note", "offheap " + toolVersion);
        String target = p.durationMillis() == null ? p.mode()
                : p.mode() + String.format(Locale.ROOT, ", %.1f s", p.durationMillis() / 1000.0);
        return Page.render(title, target, h);
    }

    private static String sentence(AllocationProfile p) {
        StringBuilder sb = new StringBuilder(heading(p)).append(": ").append(Sizes.format(p.leakedBytes())).append(" in ")
                .append(p.leakedCount()).append(" allocations");
        if (!p.byLibrary().isEmpty() && p.leakedBytes() > 0) {
            AllocationProfile.Group g = p.byLibrary().get(0);
            sb.append("; ").append(RssBarChart.percent(g.bytes(), p.leakedBytes())).append(" from ").append(g.key());
        }
        if (!p.byJavaMethod().isEmpty() && p.leakedBytes() > 0) {
            AllocationProfile.Group g = p.byJavaMethod().get(0);
            sb.append(", ").append(RssBarChart.percent(g.bytes(), p.leakedBytes())).append(" under ").append(g.key());
        }
        return sb.append('.').toString();
    }

    private static String heading(AllocationProfile p) {
        return switch (p.mode()) {
            case "nativemem" -> "Still allocated at the end (leaked)";
            case "nativemem-unjudged" -> "Not judged (frees recorded too briefly; see the first note), still allocated";
            case "nativemem-nofree" -> "Allocated (frees not recorded: not judged)";
            case "jemalloc" -> "Allocated at the dump (live, scaled from samples)";
            default -> "Grown since the base profile";
        };
    }

    private static void groups(Html h, String title, String column, List<AllocationProfile.Group> groups) {
        h.el("h3", null, title);
        if (groups.isEmpty()) {
            h.el("p", "empty", "None.");
            return;
        }
        h.open("table", null).raw("<thead>").row("th", "bytes", "allocations", column).raw("</thead><tbody>");
        for (AllocationProfile.Group g : groups.subList(0, Math.min(TOP_GROUPS, groups.size()))) {
            h.raw("<tr>").el("td", "num", Sizes.format(g.bytes())).el("td", "num", Long.toString(g.count()))
                    .el("td", "mono", g.key()).raw("</tr>");
        }
        h.raw("</tbody></table>");
        if (groups.size() > TOP_GROUPS) {
            h.el("p", "note", "… " + (groups.size() - TOP_GROUPS) + " more (see --json)");
        }
    }

    /** Each stack as a collapsible block: the summary line, then its frames innermost first. */
    private static void stacks(Html h, List<AllocationSite> sites, int top) {
        if (sites.isEmpty()) {
            h.el("p", "empty", "None.");
        }
        int i = 0;
        for (AllocationSite s : sites.subList(0, Math.min(top, sites.size()))) {
            StringBuilder line = new StringBuilder("#").append(++i).append(' ').append(Sizes.format(s.bytes()))
                    .append(" in ").append(s.count()).append(" allocations");
            if (s.library() != null) {
                line.append(", library ").append(s.library());
            }
            if (s.javaMethod() != null) {
                line.append(", Java ").append(s.javaMethod());
            }
            h.raw(i <= 3 ? "<details open>" : "<details>").el("summary", null, line.toString()).open("ol", "mono");
            for (StackFrame f : s.frames()) {
                h.el("li", null, f.name() + (f.library() != null && !f.name().startsWith("[") ? "  (" + f.library() + ")" : ""));
            }
            h.close("ol").raw("</details>");
        }
    }
}
