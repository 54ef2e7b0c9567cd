package dev.offheap.proc;

import dev.offheap.model.OomCounts;
import dev.offheap.parse.proc.OomCountsParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the OOM counters of a memory cgroup's folder ({@link ProcReader#cgroupMemoryFolder}): v1
 * {@code memory.oom_control} and {@code memory.failcnt}, v2 {@code memory.events}. The folder outlives the process
 * as long as the group exists, so the counters can be read again after the process ended.
 */
public final class CgroupOom {
    private CgroupOom() {
    }

    /** The counters; empty when the folder is gone (the group was removed) or none of the files is readable. */
    public static Optional<OomCounts> read(Path dir, int version) {
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : version == 2 ? OomCountsParser.V2_FILES : OomCountsParser.V1_FILES) {
            try {
                files.put(name, Files.readString(dir.resolve(name)));
            } catch (IOException e) {
                // not there (the group is gone, or memory.events on a v1 host): the counter stays unknown
            }
        }
        return files.isEmpty() ? Optional.empty() : Optional.of(OomCountsParser.parse(version, files).value());
    }
}
