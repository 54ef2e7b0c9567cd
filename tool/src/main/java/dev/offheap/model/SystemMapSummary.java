package dev.offheap.model;

import java.util.Map;

/**
 * What {@code jcmd System.map} (JDK 21.0.x+/22+) says is resident per NMT tag ("JAVAHEAP", "CODE", "META", "CLASS",
 * "STACK", "CDS", "GC", …), summed over its mappings; thread stacks ("STACK-tid-name") are counted under "STACK".
 */
public record SystemMapSummary(Map<String, Long> residentByTag, int mappings) {
    public SystemMapSummary {
        residentByTag = Map.copyOf(residentByTag);
    }

    public long resident(String tag) {
        return residentByTag.getOrDefault(tag, 0L);
    }
}
