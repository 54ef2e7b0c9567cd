package dev.offheap.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a process's resident memory is: rows (one per category, largest first) whose resident bytes add up to the
 * process RSS, including an explicit {@code unexplained} row; {@code basis} says what the split rests on
 * (e.g. "NMT detail + pagemap") and {@code notes} what is approximate or unknown.
 *
 * @param rssFromStatus whether {@code rssBytes} is the kernel's VmRSS (/proc/PID/status), else the sum of the map's Rss
 * @param mapCutAtByte  where the saved memory map was cut short: its rows are partial, and without VmRSS so is the total
 */
public record ExplainedRss(long rssBytes, long mappedRssBytes, List<CategoryUsage> categories, String basis,
                           List<String> notes, boolean rssFromStatus, OptionalLong mapCutAtByte) {
    public ExplainedRss {
        categories = List.copyOf(categories);
        notes = List.copyOf(notes);
        mapCutAtByte = mapCutAtByte == null ? OptionalLong.empty() : mapCutAtByte;
    }

    /** A whole map with VmRSS known (a live process). */
    public ExplainedRss(long rssBytes, long mappedRssBytes, List<CategoryUsage> categories, String basis, List<String> notes) {
        this(rssBytes, mappedRssBytes, categories, basis, notes, true, OptionalLong.empty());
    }

    /** The same with these notes. */
    public ExplainedRss withNotes(List<String> newNotes) {
        return new ExplainedRss(rssBytes, mappedRssBytes, categories, basis, newNotes, rssFromStatus, mapCutAtByte);
    }

    /** Whether {@code rssBytes} is only what a cut map holds, not the process's RSS. */
    public boolean partial() {
        return mapCutAtByte.isPresent() && !rssFromStatus;
    }

    /** The table's last row: "total (VmRSS)", "total (Rss of all mappings)", "total: partial (file cut at byte 70000)". */
    public String totalLabel() {
        if (partial()) {
            return "total: partial (file cut at byte " + mapCutAtByte.getAsLong() + ")";
        }
        return rssFromStatus ? "total (VmRSS)" : "total (Rss of all mappings)";
    }

    public Optional<CategoryUsage> category(MemoryCategory c) {
        return categories.stream().filter(u -> u.category() == c).findFirst();
    }

    public long resident(MemoryCategory c) {
        return category(c).map(CategoryUsage::residentBytes).orElse(0L);
    }

    public long totalResidentBytes() {
        return categories.stream().mapToLong(CategoryUsage::residentBytes).sum();
    }
}
