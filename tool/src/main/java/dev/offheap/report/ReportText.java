package dev.offheap.report;

import dev.offheap.model.Budget;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.ExplainedRss;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Report;
import dev.offheap.model.SavedInput;
import dev.offheap.model.Sizes;
import dev.offheap.model.Snapshot;
import java.util.ArrayList;
import java.util.List;

/** The human report of one snapshot: the answer in one sentence, the table, the budget, findings. */
public final class ReportText {
    private static final int BAR_WIDTH = 20;

    private ReportText() {
    }

    public static String render(Report r) {
        return render(r, List.of());
    }

    /** The report of saved files, with the "Read:" block that says what each file was and cannot tell. */
    public static String render(Report r, List<SavedInput> inputs) {
        StringBuilder sb = new StringBuilder();
        sb.append(header(r.snapshot())).append("\n\n");
        if (!inputs.isEmpty()) {
            sb.append(InputsText.render(inputs)).append('\n');
        }
        sb.append(sentence(r.explained())).append("\n\n");
        sb.append(table(r.explained()));
        sb.append('\n').append(budget(r)).append('\n');
        String classes = ClassFacts.line(r.snapshot());
        if (classes != null) {
            sb.append(classes).append('\n');
        }
        sb.append("How: ").append(r.explained().basis()).append('\n');
        for (String note : r.explained().notes()) {
            sb.append("Note: ").append(note).append('\n');
        }
        for (String note : r.snapshot().notes()) {
            sb.append("Note: ").append(note).append('\n');
        }
        sb.append('\n').append(FindingsText.render(r.findings()));
        return sb.toString();
    }

    /** "pid 42 (Main), OpenJDK … 17.0.15, G1 GC, NMT summary"; "pid unknown" where no source names it. */
    public static String header(Snapshot s) {
        StringBuilder sb = new StringBuilder("pid ").append(s.knownPid().isPresent() ? Long.toString(s.knownPid().getAsLong())
                : "unknown");
        String main = TargetFacts.mainClass(s);
        if (main != null) {
            sb.append(" (").append(OneLine.of(main)).append(')');
        }
        if (s.version() != null) {
            sb.append(", ").append(s.version().vmName() != null ? s.version().vmName() : "JDK").append(' ')
                    .append(s.version().text());
        }
        String gc = TargetFacts.gc(s);
        if (gc != null) {
            sb.append(", ").append(gc).append(" GC");
        }
        String nmt = s.nmtMode();
        sb.append(", NMT ").append(nmt == null ? "unknown" : nmt);
        return sb.toString();
    }

    /** "RSS 2.6 GiB: 1.0 GiB heap, 1.4 GiB glibc arenas (50 heaps), …" */
    public static String sentence(ExplainedRss e) {
        List<String> parts = new ArrayList<>();
        long shown = 0;
        for (CategoryUsage u : e.categories()) {
            if (parts.size() == 4 || u.residentBytes() < e.rssBytes() / 50 || u.category() == MemoryCategory.UNEXPLAINED) {
                break;
            }
            String extra = u.category() == MemoryCategory.MALLOC_ARENAS && !u.parts().isEmpty()
                    ? " (" + u.parts().get(0).name() + ")" : "";
            parts.add(Sizes.format(u.residentBytes()) + " " + CategoryNames.words(u.category()) + extra);
            shown += u.residentBytes();
        }
        long rest = e.rssBytes() - shown;
        if (rest > 0 && !parts.isEmpty()) {
            parts.add(Sizes.format(rest) + " other");
        }
        return (e.partial() ? "RSS unknown (the memory map is cut at byte " + e.mapCutAtByte().getAsLong()
                + "); the mappings read hold " : "RSS ") + Sizes.format(e.rssBytes())
                + (parts.isEmpty() ? "" : ": " + String.join(", ", parts)) + ".";
    }

    static String table(ExplainedRss e) {
        TextTable t = new TextTable("category", "reserved", "committed", "resident", "share", "").leftAlign(5);
        for (CategoryUsage u : e.categories()) {
            t.row(u.category().text(), Sizes.orDash(u.reservedBytes()), Sizes.orDash(u.committedBytes()),
                    (u.approximate() ? "~" : "") + Sizes.format(u.residentBytes()), percent(u.residentBytes(), e.rssBytes()),
                    bar(u.residentBytes(), e.rssBytes()));
            for (CategoryUsage.UsagePart p : u.parts()) {
                if (p.residentBytes() == 0) {
                    t.row("  " + shorten(p.name()), "", "", "", "", "");
                } else if (p.residentBytes() >= 1 << 20 || u.parts().size() == 1) {
                    t.row("  " + shorten(p.name()), "", "", Sizes.format(p.residentBytes()), "", "");
                }
            }
        }
        t.row(e.totalLabel(), "", "", Sizes.format(e.rssBytes()), "100%", "");
        return t.render("  ");
    }

    private static String budget(Report r) {
        Budget b = r.budget();
        StringBuilder sb = new StringBuilder();
        if (b == null) {
            sb.append("Budget: unknown (the JVM's flags could not be read)\n");
        } else {
            sb.append("Budget ").append(Sizes.format(b.totalBytes())).append(" (RSS is ")
                    .append(percent(r.explained().rssBytes(), b.totalBytes())).append(" of it): ");
            List<String> parts = new ArrayList<>();
            for (Budget.Part p : b.parts()) {
                parts.add(p.bytes() == 0 ? p.name() : p.name() + " " + Sizes.format(p.bytes()));
            }
            sb.append(String.join(" + ", parts)).append('\n');
        }
        var cg = r.snapshot().cgroup();
        sb.append("Container limit: ").append(cg == null || cg.limitBytes().isEmpty() ? "none"
                : Sizes.format(cg.limitBytes().getAsLong()) + " (" + cg.path() + ")").append('\n');
        return sb.toString();
    }

    private static String percent(long part, long whole) {
        if (whole <= 0) {
            return "-";
        }
        long p = Math.round(100.0 * part / whole);
        return (p == 0 && part > 0 ? "<1" : Long.toString(p)) + "%";
    }

    private static String bar(long part, long whole) {
        if (whole <= 0 || part <= 0) {
            return "";
        }
        int n = (int) Math.round((double) BAR_WIDTH * part / whole);
        return "#".repeat(Math.max(n, 0));
    }

    private static String shorten(String name) {
        return name.length() > 60 ? "…" + name.substring(name.length() - 59) : name;
    }
}
