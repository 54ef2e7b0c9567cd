package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.Rule;
import dev.offheap.model.CodeCacheUsage;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import dev.offheap.model.Snapshot;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CODE_CACHE_FULL: the condition behind "CodeCache is full. Compiler has been disabled.": the code cache is at its
 * limit (ReservedCodeCacheSize) and Compiler.codecache says compilation is disabled. Hot code then stays
 * interpreted: a large slowdown, not a memory leak. A state: judged on a snapshot's Compiler.codecache
 * ({@code report}, a collect folder, each sample of {@code export}) and on a watch's last sample alike.
 */
public final class CodeCacheFullRule implements Rule, GrowthRule {
    private static final double NEARLY_FULL = 0.95;

    /** A snapshot ({@code report}, a collect folder, each sample of {@code export}): its Compiler.codecache. */
    @Override
    public Optional<Finding> evaluate(Facts f) {
        Snapshot s = f.snapshot();
        if (s.codeCache() == null || s.codeCache().sizeBytes() <= 0) {
            return Optional.empty();
        }
        int major = s.version() == null ? 0 : s.version().major();
        return judge(s.codeCache(), s.flags() == null ? new JvmFlags(Map.of()) : s.flags(), major);
    }

    /** A watch or recording: its last sample that read the code cache. */
    @Override
    public Optional<Finding> evaluate(Growth g) {
        Sample last = lastWithCodeCache(g);
        if (last == null) {
            return Optional.empty();
        }
        return judge(new CodeCacheUsage(last.codeCacheUsedBytes(), last.codeCacheSizeBytes(), last.compilationEnabled()),
                g.flags(), g.major());
    }

    private static Optional<Finding> judge(CodeCacheUsage code, JvmFlags flags, int major) {
        boolean disabled = Boolean.FALSE.equals(code.compilationEnabled());
        double share = (double) code.usedBytes() / code.sizeBytes();
        if (!disabled && share < NEARLY_FULL) {
            return Optional.empty();
        }
        long reserved = flags.longValue("ReservedCodeCacheSize").orElse(code.sizeBytes());
        List<String> evidence = new ArrayList<>();
        evidence.add("code cache " + Sizes.format(code.usedBytes()) + " used of " + Sizes.format(code.sizeBytes())
                + " (" + Math.round(100 * share) + "%), ReservedCodeCacheSize=" + Sizes.format(reserved));
        evidence.add(disabled ? "Compiler.codecache: compilation disabled" : "Compiler.codecache: compilation still enabled");
        flags.bool("UseCodeCacheFlushing").ifPresent(f -> evidence.add("UseCodeCacheFlushing=" + f));
        long suggested = Math.max(256L << 20, Long.highestOneBit(reserved) << 1);
        String flushing = flags.bool("UseCodeCacheFlushing").orElse(true) ? ""
                : " Re-enable -XX:+UseCodeCacheFlushing so that cold code can be removed.";
        String jdk = major >= 20 ? " (JDK " + major + " removes cold code during GC cycles; there is no sweeper any more)"
                : major >= 9 ? " (JDK " + major + " splits it into segments: profiled, non-profiled and non-method code)" : "";
        return Optional.of(new Finding(FindingId.CODE_CACHE_FULL, disabled ? Severity.CRITICAL : Severity.WARNING,
                disabled ? "CodeCache is full: the JIT compiler has been disabled" : "The code cache is nearly full",
                "JIT-compiled code lives in the code cache" + jdk + ". When it is full the JVM prints 'CodeCache is full."
                        + " Compiler has been disabled.' and stops compiling: new hot code runs interpreted, often many times"
                        + " slower, although memory stays bounded by ReservedCodeCacheSize.",
                evidence,
                "Raise the limit: -XX:ReservedCodeCacheSize=" + (suggested >> 20) + "m (now " + (reserved >> 20) + "m)."
                        + flushing + " If the cache fills again at any size, look for code generated without end (scripting"
                        + " engines, generated classes).",
                null));
    }

    private static Sample lastWithCodeCache(Growth g) {
        List<Sample> samples = g.recording().samples();
        for (int i = samples.size() - 1; i >= 0; i--) {
            Sample s = samples.get(i);
            if (s.codeCacheUsedBytes() != null && s.codeCacheSizeBytes() != null && s.codeCacheSizeBytes() > 0) {
                return s;
            }
        }
        return null;
    }
}
