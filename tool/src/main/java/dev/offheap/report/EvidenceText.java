package dev.offheap.report;

import dev.offheap.model.CategoryUsage;
import dev.offheap.model.EvidenceReport;
import dev.offheap.model.Sizes;

/** The human form of an {@link EvidenceReport}: what was read, the JVM's own figures per category, findings. */
public final class EvidenceText {
    private EvidenceText() {
    }

    public static String render(EvidenceReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(ReportText.header(r.snapshot())).append("\n\n");
        sb.append("Read:\n");
        r.sources().forEach(s -> sb.append("  ").append(s).append('\n'));
        if (!r.jvmCategories().isEmpty()) {
            long committed = 0;
            long reserved = 0;
            TextTable t = new TextTable("category (NMT)", "reserved", "committed");
            for (CategoryUsage u : r.jvmCategories()) {
                t.row(u.category().text(), Sizes.orDash(u.reservedBytes()), Sizes.orDash(u.committedBytes()));
                committed += u.committedBytes() == null ? 0 : u.committedBytes();
                reserved += u.reservedBytes() == null ? 0 : u.reservedBytes();
            }
            t.row("total", Sizes.format(reserved), Sizes.format(committed));
            sb.append('\n').append(t.render("  "));
        }
        sb.append('\n');
        r.notes().forEach(n -> sb.append("Note: ").append(n).append('\n'));
        r.snapshot().notes().forEach(n -> sb.append("Note: ").append(n).append('\n'));
        sb.append('\n').append(FindingsText.render(r.findings()));
        return sb.toString();
    }
}
