package dev.offheap.model;

import java.util.List;
import java.util.Optional;

/**
 * NMT's own account of a JVM, from its output alone: every category as printed, split where its parts belong to
 * different rows of the accounting (a Class category's class space and its malloc), and NMT's {@code Total:}.
 * Committed is not resident: nothing here says what is.
 *
 * @param lines             every category of the report in its order, part by part, with the row each rolls into
 * @param totalReserved     NMT's "Total: reserved=" (with its change in a diff)
 * @param totalCommitted    NMT's "Total: committed="
 * @param unlistedReserved  Total minus the categories read, where that is more than rounding (a cut file, a trimmed
 *                          copy, categories left out), else 0
 * @param unlistedCommitted the same for committed
 * @param roundingBytes     how far the categories may miss the Total by NMT's rounding to its scale alone
 * @param overcountedBytes  how far the categories add up to more than the Total beyond rounding (0 for an output
 *                          as the JVM printed it)
 */
public record NmtView(NmtReport report, List<Line> lines, NmtAmount totalReserved, NmtAmount totalCommitted,
                      long unlistedReserved, long unlistedCommitted, long roundingBytes, long overcountedBytes) {
    public NmtView {
        lines = List.copyOf(lines);
    }

    /**
     * One category of the report, or the part of it that rolls into {@code row}.
     *
     * @param category the name as NMT prints it ("Other", "Class")
     * @param part     which part ("mmap", "malloc", "stacks", "class space", …), "" for the whole category
     * @param note     what NMT cannot tell about it, "" where nothing
     */
    public record Line(String category, String part, MemoryCategory row, NmtAmount reserved, NmtAmount committed,
                       String note) {
        /** "Other", "Class (class space)". */
        public String label() {
            return part.isEmpty() ? category : category + " (" + part + ")";
        }
    }

    public boolean diff() {
        return report.kind().isDiff();
    }

    /** The lines that roll into {@code row}. */
    public List<Line> lines(MemoryCategory row) {
        return lines.stream().filter(l -> l.row() == row).toList();
    }

    public Optional<Line> line(String category) {
        return lines.stream().filter(l -> l.category().equals(category)).findFirst();
    }
}
