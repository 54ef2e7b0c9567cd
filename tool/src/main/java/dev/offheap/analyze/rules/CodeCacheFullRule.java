package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CODE_CACHE_FULL: the condition behind "CodeCache is full. Compiler has been disabled.": the code cache is at its
 * limit (ReservedCodeCacheSize) and Compiler.codecache says compilation is disabled. Hot code then stays
 * interpreted: a large slowdown, not a memory leak.
 */
public final class CodeCacheFullRule implements GrowthRule {
    private static final double NEARLY_FULL = 0.95;

    @Override
    public Optional<Finding> evaluate(Growth g) {
        Sample last = lastWithCodeCache(g);
        if (last == null) {
            return Optional.empty();
        }
        boolean disabled = Boolean.FALSE.equals(last.compilationEnabled());
        double share = (double) last.codeCacheUsedBytes() / last.codeCacheSizeBytes();
        if (!disabled && share < NEARLY_FULL) {
            return Optional.empty();
        }
        long reserved = g.flags().longValue("ReservedCodeCacheSize").orElse(last.codeCacheSizeBytes());
        List<String> evidence = new ArrayList<>();
        evidence.add("code cache " + Sizes.format(last.codeCacheUsedBytes()) + " used of " + Sizes.format(last.codeCacheSizeBytes())
                + " (" + Math.round(100 * share) + "%), ReservedCodeCacheSize=" + Sizes.format(reserved));
        evidence.add(disabled ? "Compiler.codecache: compilation disabled" : "Compiler.codecache: compilation still enabled");
        g.flags().bool("UseCodeCacheFlushing").ifPresent(f -> evidence.add("UseCodeCacheFlushing=" + f));
        long suggested = Math.max(256L << 20, Long.highestOneBit(reserved) << 1);
        String flushing = g.flags().bool("UseCodeCacheFlushing").orElse(true) ? ""
                : " Re-enable -XX:+UseCodeCacheFlushing so that cold code can be removed.";
        String jdk = g.major() >= 20 ? " (JDK " + g.major() + " removes cold code during GC cycles; there is no sweeper any more)"
                : g.major() >= 9 ? " (JDK " + g.major() + " splits it into segments: profiled, non-profiled and non-method code)" : "";
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
