package dev.offheap.report;

import dev.offheap.model.AllocationProfile;
import dev.offheap.model.AllocationSite;
import dev.offheap.model.Finding;
import dev.offheap.model.Sizes;
import dev.offheap.model.StackFrame;
import java.util.List;
import java.util.Locale;

/** A malloc profile as text: what stays allocated by library, by Java method and by stack, then churn and findings. */
public final class ProfileText {
    private static final int STACK_DEPTH = 12;

    private ProfileText() {
    }

    public static String render(String title, AllocationProfile p, List<Finding> findings, int top) {
        StringBuilder sb = new StringBuilder();
        sb.append(title);
        if (p.durationMillis() != null) {
            sb.append(String.format(Locale.ROOT, ", %.1f s", p.durationMillis() / 1000.0));
        }
        sb.append('\n');
        for (String note : p.notes()) {
            sb.append("  (").append(note).append(")\n");
        }
        sb.append('\n').append(heading(p)).append(": ").append(Sizes.format(p.leakedBytes())).append(" in ")
                .append(p.leakedCount()).append(" allocations\n");
        groups(sb, "by native library (first frame outside libc and the allocator)", p.byLibrary(), top);
        groups(sb, "by Java method (nearest Java frame)", p.byJavaMethod(), top);
        sb.append("\n  top stacks\n");
        stacks(sb, p.leaked(), top);
        if (p.churnBytes() != null) {
            sb.append("\nChurn (allocated and freed during the profile, not leaked): ").append(Sizes.format(p.churnBytes()))
                    .append(" in ").append(p.churnCount()).append(" allocations\n");
            stacks(sb, p.churn(), Math.min(top, 3));
        }
        if (p.recentBytes() != null && p.recentBytes() > 0) {
            sb.append("\nNot judged (allocated in the last part of the profile, still allocated): ")
                    .append(Sizes.format(p.recentBytes())).append('\n');
        }
        sb.append('\n').append(FindingsText.render(findings));
        return sb.toString();
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

    private static void groups(StringBuilder sb, String title, List<AllocationProfile.Group> groups, int top) {
        sb.append("\n  ").append(title).append('\n');
        TextTable t = new TextTable("bytes", "allocs", "").leftAlign(2);
        for (AllocationProfile.Group g : groups.subList(0, Math.min(top, groups.size()))) {
            t.row(Sizes.format(g.bytes()), String.valueOf(g.count()), g.key());
        }
        sb.append(t.render("    "));
    }

    private static void stacks(StringBuilder sb, List<AllocationSite> sites, int top) {
        int n = 0;
        for (AllocationSite s : sites.subList(0, Math.min(top, sites.size()))) {
            sb.append(String.format(Locale.ROOT, "    #%d %s in %d allocation%s", ++n, Sizes.format(s.bytes()), s.count(),
                    s.count() == 1 ? "" : "s"));
            if (s.library() != null) {
                sb.append(", library ").append(OneLine.of(s.library()));
            }
            if (s.javaMethod() != null) {
                sb.append(", Java ").append(OneLine.of(s.javaMethod()));
            }
            sb.append('\n');
            int shown = 0;
            for (StackFrame f : s.frames()) {
                if (shown++ == STACK_DEPTH) {
                    sb.append("          ... ").append(s.frames().size() - STACK_DEPTH).append(" more\n");
                    break;
                }
                sb.append("          ").append(OneLine.of(f.name()));
                if (f.library() != null && !f.name().startsWith("[")) {
                    sb.append("  (").append(OneLine.of(f.library())).append(')');
                }
                sb.append('\n');
            }
        }
    }
}
