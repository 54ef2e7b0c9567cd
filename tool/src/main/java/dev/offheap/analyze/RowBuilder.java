package dev.offheap.analyze;

import dev.offheap.model.CategoryUsage;
import dev.offheap.model.MemoryCategory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects resident bytes, JVM committed/reserved figures, sources and parts per category while accounting. */
final class RowBuilder {
    private static final int MAX_PARTS = 8;

    private final Map<MemoryCategory, Row> rows = new EnumMap<>(MemoryCategory.class);

    private static final class Row {
        long resident;
        Long committed;
        Long reserved;
        boolean approximate;
        final List<String> sources = new ArrayList<>();
        final Map<String, long[]> parts = new LinkedHashMap<>();
        final Map<String, String> partDetails = new LinkedHashMap<>();
    }

    private Row row(MemoryCategory c) {
        return rows.computeIfAbsent(c, k -> new Row());
    }

    void addResident(MemoryCategory c, long bytes, boolean approximate, String source) {
        Row r = row(c);
        r.resident += bytes;
        r.approximate |= approximate && bytes > 0;
        if (source != null && !r.sources.contains(source)) {
            r.sources.add(source);
        }
    }

    void addPart(MemoryCategory c, String name, long bytes) {
        row(c).parts.computeIfAbsent(name, k -> new long[1])[0] += bytes;
    }

    void setPartDetail(MemoryCategory c, String name, String detail) {
        row(c).partDetails.put(name, detail);
    }

    void addCommitted(MemoryCategory c, long committed, long reserved) {
        Row r = row(c);
        r.committed = (r.committed == null ? 0 : r.committed) + committed;
        r.reserved = (r.reserved == null ? 0 : r.reserved) + reserved;
    }

    long resident(MemoryCategory c) {
        Row r = rows.get(c);
        return r == null ? 0 : r.resident;
    }

    long total() {
        return rows.values().stream().mapToLong(r -> r.resident).sum();
    }

    /** Rows with anything in them, largest resident first; {@code unexplained} always last. */
    List<CategoryUsage> build() {
        List<CategoryUsage> result = new ArrayList<>();
        for (Map.Entry<MemoryCategory, Row> e : rows.entrySet()) {
            Row r = e.getValue();
            // rows below a page (rounding of shares) say nothing; the unexplained row is always shown
            if (r.resident < 4096 && r.committed == null && e.getKey() != MemoryCategory.UNEXPLAINED) {
                continue;
            }
            List<CategoryUsage.UsagePart> parts = new ArrayList<>();
            r.parts.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, long[]> p) -> p.getValue()[0]).reversed())
                    .limit(MAX_PARTS)
                    .forEach(p -> parts.add(new CategoryUsage.UsagePart(p.getKey(), p.getValue()[0], r.partDetails.get(p.getKey()))));
            result.add(new CategoryUsage(e.getKey(), r.resident, r.committed, r.reserved, String.join(", ", r.sources),
                    r.approximate, parts));
        }
        result.sort(Comparator.comparing((CategoryUsage u) -> u.category() == MemoryCategory.UNEXPLAINED)
                .thenComparing(Comparator.comparingLong(CategoryUsage::residentBytes).reversed()));
        return result;
    }
}
