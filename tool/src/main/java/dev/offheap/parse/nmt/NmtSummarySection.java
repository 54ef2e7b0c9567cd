package dev.offheap.parse.nmt;

import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtTotals;
import java.util.ArrayList;
import java.util.List;

/**
 * The summary part every NMT report starts with, after "Native Memory Tracking:":
 * <pre>
 * Total: reserved=1516009KB, committed=152033KB
 *        malloc: 20649KB #65619
 *        mmap:   reserved=1495360KB, committed=131384KB
 * -                 Java Heap (reserved=65536KB, committed=65536KB)
 *                             (mmap: reserved=65536KB, committed=65536KB)
 * </pre>
 */
final class NmtSummarySection {
    private final NmtParser parser;
    private final List<NmtCategory> categories = new ArrayList<>();
    private NmtCategoryBuilder current;
    private NmtFields totalFields;
    private NmtFields mallocFields;
    private NmtFields mmapFields;
    private String scaleText = "KB";
    private long scaleBytes = 1024;
    private boolean diff;
    private boolean jdk9Marks;
    private boolean done;
    private boolean skipping;

    NmtSummarySection(NmtParser parser) {
        this.parser = parser;
    }

    /** "Native Memory Tracking:" or, in some JDK 8 builds' diffs, "Native Memory Tracking: end time is ...". */
    void header(String t) {
        diff |= t.contains("end time is");
    }

    /** Takes a stripped non-blank line; false (and from then on) when the line starts the detail part. */
    boolean accept(String t) {
        if (done || t.startsWith("[0x") || t.equals("Virtual memory map:") || t.equals("Details:")
                || t.startsWith("Memory file details")) {
            finishCategory();
            done = true;
            return false;
        }
        try {
            acceptLine(t);
        } catch (IllegalArgumentException | ArithmeticException e) {
            parser.warn(parser.lineNumber(), e.getMessage() + " in " + NmtParser.quote(t));
        }
        return true;
    }

    private void acceptLine(String t) {
        char c = t.charAt(0);
        if (t.startsWith("(Omitting categories")) {
            return;
        }
        if (c == '(' || c == ':') {
            categoryLine(t);
        } else if (t.startsWith("Total:")) {
            readScale(t);
            totalFields = NmtFields.scan(t, scaleBytes);
            diff |= totalFields.sawDelta;
        } else if (t.startsWith("malloc:") || t.startsWith("malloc=")) {
            mallocFields = NmtFields.scan(t.startsWith("malloc=") ? "malloc: " + t.substring(7) : t, scaleBytes);
            diff |= t.startsWith("malloc=") || mallocFields.sawDelta; // JDK 25 diffs print "malloc=" at column 0
            jdk9Marks = true;
        } else if (t.startsWith("mmap:") && current == null) {
            mmapFields = NmtFields.scan(t, scaleBytes);
            jdk9Marks = true;
        } else if (c == '-' || t.indexOf(" (reserved=") > 0) {
            header(t, c == '-' ? 1 : 0);
        } else if (NmtParser.isBinary(t)) {
            parser.warn(parser.lineNumber(), "binary data skipped");
        } else {
            parser.warnHere("a summary line", t);
        }
    }

    // "-                 Java Heap (reserved=65536KB, committed=65536KB)"
    private void header(String t, int from) {
        int open = t.indexOf(" (");
        if (open < 0 || !t.endsWith(")")) {
            parser.warnHere("'- <category> (reserved=<n>, committed=<n>)'", t);
            return;
        }
        finishCategory();
        skipping = true; // until the header is read: the lines of a broken category are dropped with it
        NmtFields f = NmtFields.scan(t.substring(open), scaleBytes);
        diff |= f.sawDelta;
        current = new NmtCategoryBuilder(t.substring(from, open).strip(), f);
        skipping = false;
    }

    private void categoryLine(String t) {
        if (current == null) {
            if (!skipping) {
                parser.warnHere("a category line '- <name> (reserved=...)'", t);
            }
            return;
        }
        NmtFields f = NmtFields.scan(t, scaleBytes);
        diff |= f.sawDelta || t.endsWith("Metadata)") || t.endsWith("Class space)");
        jdk9Marks |= f.atPeak || f.get("peak") != null || f.get("mmap.peak") != null || f.get("stack.peak") != null;
        if (!current.accept(f)) {
            parser.warnHere("a known category line", t);
        }
    }

    // "Total: reserved=1516009KB, committed=152033KB": the unit after the first number is the scale
    private void readScale(String t) {
        int eq = t.indexOf('=');
        int i = eq + 1;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        int j = i;
        while (j < t.length() && Character.isLetter(t.charAt(j))) {
            j++;
        }
        scaleText = eq < 0 ? "KB" : t.substring(i, j);
        scaleBytes = switch (scaleText) {
            case "KB" -> 1024L;
            case "MB" -> 1024L * 1024;
            case "GB" -> 1024L * 1024 * 1024;
            case "", "B" -> 1L;
            default -> throw new IllegalArgumentException("unknown scale '" + scaleText + "'");
        };
    }

    private void finishCategory() {
        if (current != null) {
            jdk9Marks |= current.jdk9Marks;
            categories.add(current.build());
            current = null;
        }
    }

    /** Warns and returns true when the text ended before the summary was complete. */
    boolean checkComplete(long lastLine) {
        finishCategory();
        if (totalFields == null || totalFields.get("total.reserved") == null
                || totalFields.get("total.committed") == null) {
            parser.warn(lastLine, "truncated: the report ends before 'Total: reserved=<n>, committed=<n>'");
            return true;
        }
        if (categories.isEmpty()) {
            parser.warn(lastLine, "truncated: the report ends before its first category");
            return true;
        }
        return false;
    }

    List<NmtCategory> categories() {
        finishCategory();
        return categories;
    }

    NmtTotals totals() {
        if (totalFields == null || totalFields.get("total.reserved") == null
                || totalFields.get("total.committed") == null) {
            return null;
        }
        return NmtParser.totals(totalFields, mallocFields, mmapFields);
    }

    String scaleText() {
        return scaleText;
    }

    long scaleBytes() {
        return scaleBytes;
    }

    boolean sawDiff() {
        return diff;
    }

    boolean sawJdk9Marks() {
        return jdk9Marks;
    }
}
