package dev.offheap.analyze;

import dev.offheap.model.ExplainedRss;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Sizes;
import dev.offheap.model.SystemMapSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cross-checks the accounting with the JVM's own System.map for the rows that are purely the JVM's mmap'ed memory
 * (the heap, code cache, class space, metaspace, thread stacks, CDS) and says where the two disagree by more than
 * 2% and 1 MiB. Both are read a moment apart, so small differences are expected.
 */
public final class SystemMapCheck {
    /** System.map tag of each row compared. */
    public static final Map<MemoryCategory, String> TAGS = new LinkedHashMap<>();

    static {
        TAGS.put(MemoryCategory.JAVA_HEAP, "JAVAHEAP");
        TAGS.put(MemoryCategory.CODE_CACHE, "CODE");
        TAGS.put(MemoryCategory.CLASS_SPACE, "CLASS");
        TAGS.put(MemoryCategory.METASPACE, "META");
        TAGS.put(MemoryCategory.THREAD_STACKS, "STACK");
        TAGS.put(MemoryCategory.CDS, "CDS");
    }

    private SystemMapCheck() {
    }

    /** One line per disagreement; empty when all agree. */
    public static List<String> disagreements(SystemMapSummary map, ExplainedRss explained) {
        List<String> result = new ArrayList<>();
        for (Map.Entry<MemoryCategory, String> e : TAGS.entrySet()) {
            long ours = explained.resident(e.getKey());
            long theirs = map.resident(e.getValue());
            long diff = Math.abs(ours - theirs);
            if (diff > Math.max(1 << 20, Math.max(ours, theirs) / 50)) {
                result.add("System.map disagrees on " + e.getKey().text() + ": it sees " + Sizes.format(theirs)
                        + " resident as " + e.getValue() + ", offheap counts " + Sizes.format(ours));
            }
        }
        return result;
    }
}
