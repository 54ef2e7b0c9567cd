package dev.offheap.report;

import java.util.ArrayList;
import java.util.List;

/** A plain aligned text table: first column left-aligned, the others right-aligned unless told otherwise. */
public final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] leftAligned;

    public TextTable(String... header) {
        rows.add(header);
        leftAligned = new boolean[header.length];
        leftAligned[0] = true;
    }

    public TextTable leftAlign(int column) {
        leftAligned[column] = true;
        return this;
    }

    public TextTable row(String... cells) {
        if (cells.length != leftAligned.length) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + leftAligned.length);
        }
        String[] line = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            line[i] = OneLine.of(cells[i]);
        }
        rows.add(line);
        return this;
    }

    public String render(String indent) {
        int[] width = new int[leftAligned.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i] == null ? 1 : r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < r.length; i++) {
                String cell = r[i] == null ? "-" : r[i];
                if (i > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(width[i] - cell.length());
                line.append(leftAligned[i] ? cell + pad : pad + cell);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
