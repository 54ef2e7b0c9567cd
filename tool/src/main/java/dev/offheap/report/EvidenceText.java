package dev.offheap.report;

import dev.offheap.model.CategoryUsage;
import dev.offheap.model.EvidenceReport;
import dev.offheap.model.NmtAmount;
import dev.offheap.model.NmtView;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;

/** The human form of an {@link EvidenceReport}: what was read, NMT's own view of the JVM, findings. */
public final class EvidenceText {
    private EvidenceText() {
    }

    public static String render(EvidenceReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(ReportText.header(r.snapshot())).append("\n\n");
        sb.append(InputsText.render(r.sources()));
        if (r.nmt() != null) {
            sb.append('\n').append(nmtTable(r));
        }
        sb.append('\n');
        r.notes().forEach(n -> sb.append("Note: ").append(n).append('\n'));
        r.snapshot().notes().forEach(n -> sb.append("Note: ").append(n).append('\n'));
        sb.append('\n').append(FindingsText.render(r.findings()));
        return sb.toString();
    }

    /** Each row with, below it, the NMT categories (or their parts) it holds; NMT's Total last. */
    private static String nmtTable(EvidenceReport r) {
        NmtView v = r.nmt();
        boolean diff = v.diff();
        List<String> header = new ArrayList<>(List.of("category / NMT category", "reserved", "committed"));
        if (diff) {
            header.add("committed change");
        }
        TextTable t = new TextTable(header.toArray(String[]::new));
        List<String> marks = new ArrayList<>();
        for (CategoryUsage u : r.jvmCategories()) {
            List<NmtView.Line> lines = v.lines(u.category());
            long change = lines.stream().mapToLong(l -> l.committed().delta()).sum();
            row(t, diff, u.category().text(), u.reservedBytes(), u.committedBytes(),
                    lines.isEmpty() ? null : new NmtAmount(u.committedBytes(), java.util.OptionalLong.of(change)));
            for (NmtView.Line l : lines) {
                String label = "  " + l.label();
                if (!l.note().isEmpty()) {
                    label += " *".repeat(marks.size() + 1);
                    marks.add(l.label() + ": " + l.note());
                }
                row(t, diff, label, l.reserved().bytes(), l.committed().bytes(), l.committed());
            }
        }
        row(t, diff, "total (NMT's Total:)", v.totalReserved().bytes(), v.totalCommitted().bytes(), v.totalCommitted());
        StringBuilder sb = new StringBuilder("NMT's view (VM.native_memory " + v.report().kind().text() + "; committed, not resident):\n");
        sb.append(t.render("  "));
        for (int i = 0; i < marks.size(); i++) {
            sb.append("  ").append("*".repeat(i + 1)).append(' ').append(marks.get(i)).append('\n');
        }
        return sb.toString();
    }

    private static void row(TextTable t, boolean diff, String label, Long reserved, Long committed, NmtAmount change) {
        if (diff) {
            t.row(label, Sizes.orDash(reserved), Sizes.orDash(committed),
                    change == null || change.delta() == 0 ? "" : Sizes.signed(change.delta()));
        } else {
            t.row(label, Sizes.orDash(reserved), Sizes.orDash(committed));
        }
    }
}
