package dev.offheap.model;

import java.util.List;
import java.util.Optional;

/**
 * Where a process's resident memory is: rows (one per category, largest first) whose resident bytes add up to the
 * process RSS, including an explicit {@code unexplained} row; {@code basis} says what the split rests on
 * (e.g. "NMT detail + pagemap") and {@code notes} what is approximate or unknown.
 */
public record ExplainedRss(long rssBytes, long mappedRssBytes, List<CategoryUsage> categories, String basis,
                           List<String> notes) {
    public ExplainedRss {
        categories = List.copyOf(categories);
        notes = List.copyOf(notes);
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
