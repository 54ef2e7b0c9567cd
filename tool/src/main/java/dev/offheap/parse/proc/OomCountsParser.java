package dev.offheap.parse.proc;

import dev.offheap.model.OomCounts;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.parse.TextInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The OOM counters of a memory cgroup. v1: {@code memory.oom_control} ("oom_kill_disable 0", "under_oom 0",
 * "oom_kill 1"; the last line from Linux 4.13) and {@code memory.failcnt} (one number); v2: {@code memory.events}
 * ("low 0", "high 0", "max 121", "oom 1", "oom_kill 1", "oom_group_kill 0").
 */
public final class OomCountsParser {
    public static final List<String> V1_FILES = List.of("memory.oom_control", "memory.failcnt");
    public static final List<String> V2_FILES = List.of("memory.events");

    private OomCountsParser() {
    }

    /** The counters from the files' contents by name (absent files are missing from the map). */
    public static Parsed<OomCounts> parse(int version, Map<String, String> files) {
        List<ParseWarning> warnings = new ArrayList<>();
        if (version == 2) {
            Map<String, Long> events = events(files, "memory.events", warnings);
            return new Parsed<>(new OomCounts(2, value(events, "oom_kill"), value(events, "max")), warnings);
        }
        Map<String, Long> control = events(files, "memory.oom_control", warnings);
        OptionalLong failcnt = OptionalLong.empty();
        String text = files.get("memory.failcnt");
        if (text != null) {
            try {
                failcnt = OptionalLong.of(Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                warnings.add(new ParseWarning("memory.failcnt", 1, "expected a count, skipped: " + TextInput.quote(text.trim())));
            }
        }
        return new Parsed<>(new OomCounts(1, value(control, "oom_kill"), failcnt), warnings);
    }

    private static Map<String, Long> events(Map<String, String> files, String name, List<ParseWarning> warnings) {
        String text = files.get(name);
        return text == null ? Map.of() : CgroupParser.parseStat(text, name, warnings);
    }

    private static OptionalLong value(Map<String, Long> m, String key) {
        Long v = m.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
