package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Severity;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JEMALLOC_OLD_VERSION: the target runs with a jemalloc release known to retain or leak memory. Known cases:
 * 4.x before 4.5.0 (regressions fixed in 4.5.0, e.g. memkind/memkind#44); 5.0.x–5.1.x retaining memory without
 * bound in some workloads (jemalloc/jemalloc#1152, #1454, #858), which users saw go away with 5.2.1
 * (pingcap/tiflash#512); 5.2.0 fixed in 5.2.1 (ClickHouse/ClickHouse#9558 lists the fixes).
 */
public final class JemallocOldVersionRule implements GrowthRule {
    // "5.2.1-0-gea6b3e973b477b8061e0076bb257dbd7f3faa756", "4.4.0-0-gf1f76357313e7dcad7262f17a48ff0a2e005fcdc"
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.MALLOC_UNTRACKED);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        String version = g.recording().jemallocVersion();
        if (version == null) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(version);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        int v = Integer.parseInt(m.group(1)) * 10000 + Integer.parseInt(m.group(2)) * 100 + Integer.parseInt(m.group(3));
        String problem = v < 40500 ? "releases before 4.5.0 have retained-memory regressions fixed in 4.5.0"
                : v < 50201 ? "5.0.0 to 5.2.0 can retain memory without bound in some workloads (jemalloc issues #1152,"
                + " #1454), reported gone with 5.2.1" : null;
        if (problem == null) {
            return Optional.empty();
        }
        boolean growing = g.enough() && g.severity(g.series("jemallocMalloc", s -> s.resident(MemoryCategory.MALLOC_UNTRACKED)
                + s.resident(MemoryCategory.MALLOC_JVM) + s.resident(MemoryCategory.UNEXPLAINED)), Growth.MIN_GROWTH_BYTES,
                OptionalLong.empty()).isPresent();
        return Optional.of(new Finding(FindingId.JEMALLOC_OLD_VERSION, growing ? Severity.WARNING : Severity.INFO,
                "jemalloc " + m.group() + " is a release with known memory retention problems",
                "The process allocates with jemalloc (loaded with LD_PRELOAD or linked into a library). " + problem + "."
                        + (growing ? " Native memory is growing in this process." : ""),
                List.of("jemalloc version read from the mapped library: " + version, problem),
                "Use jemalloc 5.3.0 or later (Debian 12 / Ubuntu 22.04+: apt-get install libjemalloc2, then"
                        + " LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2), or go back to glibc malloc with"
                        + " MALLOC_ARENA_MAX=2.",
                new Culprit("libjemalloc.so", null, null, null)));
    }
}
