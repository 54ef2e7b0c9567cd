package dev.offheap.analyze;

import dev.offheap.model.CategoryGrowth;
import dev.offheap.model.Finding;
import dev.offheap.model.GrowthProfile;
import dev.offheap.model.Sizes;
import dev.offheap.model.WatchReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code watch --profile}: whether a watch shows growth worth a growth profile, and the join of that profile's
 * culprits into the watch's growth findings, so that "native memory grows" becomes "libzstd-jni-1.5.7-6.so via
 * ZstdOutputStreamNoFinalizer.compressStream grows RSS by 14 MiB/min, 93% of the growth". Kept apart from the growth
 * rules on purpose: whichever rule reports the growth, the culprit is joined the same way.
 */
public final class ProfileCulprits {
    /** The watch findings about native growth that a profile can name the culprit of. */
    static final Set<String> GROWTH_IDS = Set.of("NATIVE_MALLOC_GROWTH", "JNI_LIBRARY_LEAK", "UNSAFE_MEMORY_GROWTH",
            "ZIP_STREAMS_NOT_ENDED", "DIRECT_BUFFER_GROWTH", "METASPACE_GROWTH", "CLASSLOADER_LEAK", "HIDDEN_CLASS_GROWTH",
            "THREAD_GROWTH");
    /** Which watch findings a growth profile's finding explains (its cause lands in those rows). */
    static final Map<String, Set<String>> EXPLAINS = Map.of(
            "JNI_LIBRARY_LEAK", Set.of("NATIVE_MALLOC_GROWTH", "JNI_LIBRARY_LEAK"),
            "ZIP_STREAMS_NOT_ENDED", Set.of("NATIVE_MALLOC_GROWTH", "JNI_LIBRARY_LEAK", "ZIP_STREAMS_NOT_ENDED"),
            "UNSAFE_MEMORY_GROWTH", Set.of("NATIVE_MALLOC_GROWTH", "UNSAFE_MEMORY_GROWTH"),
            "DIRECT_BUFFER_GROWTH", Set.of("DIRECT_BUFFER_GROWTH", "UNSAFE_MEMORY_GROWTH", "NATIVE_MALLOC_GROWTH"),
            "METASPACE_GROWTH", Set.of("METASPACE_GROWTH", "CLASSLOADER_LEAK", "HIDDEN_CLASS_GROWTH"),
            "THREAD_GROWTH", Set.of("THREAD_GROWTH"));
    /** Rows of the accounting that malloc'ed memory lands in, with NMT or without. */
    static final Set<String> MALLOC_ROWS = Set.of("malloc-untracked", "malloc-arenas", "malloc-jvm", "malloc-free-retained",
            "unsafe", "unexplained");

    private ProfileCulprits() {
    }

    /** Growth: a growth finding above, or malloc'ed rows rising steadily together by {@link Growth#MIN_GROWTH_BYTES}/min or more. */
    public static boolean nativeGrowth(WatchReport watch) {
        if (watch.findings().stream().anyMatch(f -> GROWTH_IDS.contains(f.id()))) {
            return true;
        }
        double perSecond = watch.growth().stream().filter(g -> MALLOC_ROWS.contains(g.name()) && g.steadiness() >= Growth.STEADY)
                .mapToDouble(CategoryGrowth::bytesPerSecond).sum();
        return perSecond * 60 >= Growth.MIN_GROWTH_BYTES;
    }

    /**
     * The watch with the growth profile's findings joined: each profile finding's culprit and evidence go into the
     * watch findings it explains ({@link #EXPLAINS}); a profile finding that explains none of them is added.
     */
    public static WatchReport join(WatchReport watch, GrowthProfile profile, List<Finding> profileFindings, String how) {
        List<String> notes = new ArrayList<>(watch.notes());
        if (profileFindings.isEmpty()) {
            notes.add(how + ": " + (profile.grew() ? String.format(Locale.ROOT, "RSS grew by %s, no known cause among what"
                    + " touched it (%s)", Sizes.format(profile.rssGrowthBytes()), profile.groups().isEmpty() ? "no fault sampled"
                    : "first: " + profile.groups().get(0).title())
                    : "RSS did not grow during the profile (" + Sizes.signed(profile.rssGrowthBytes()) + "): no culprit named"));
            return new WatchReport(watch.recording(), watch.growth(), watch.findings(), notes);
        }
        List<Finding> findings = new ArrayList<>(watch.findings());
        boolean added = false;
        for (Finding p : profileFindings) {
            String line = how + ": " + p.summary();
            Set<String> explains = EXPLAINS.getOrDefault(p.id(), Set.of(p.id()));
            boolean joined = false;
            for (int i = 0; i < findings.size(); i++) {
                Finding f = findings.get(i);
                // one culprit per watch finding: the profile's first finding that explains it
                if (explains.contains(f.id()) && f.evidence().stream().noneMatch(e -> e.startsWith(how + ": "))) {
                    List<String> evidence = new ArrayList<>(f.evidence());
                    evidence.add(line);
                    p.evidence().forEach(e -> evidence.add("profile: " + e));
                    findings.set(i, new Finding(f.id(), f.severity(), f.title(), f.summary() + " Growth profile: " + p.summary() + ".",
                            evidence, p.remedy() + " " + f.remedy(), p.culprit()));
                    joined = true;
                }
            }
            if (!joined) {
                List<String> evidence = new ArrayList<>(p.evidence());
                evidence.add(0, how);
                findings.add(new Finding(p.id(), p.severity(), p.title(), p.summary(), evidence, p.remedy(), p.culprit()));
                added = true;
            }
            notes.add(line);
        }
        if (added) {
            findings.sort(Comparator.comparing(Finding::severity).reversed()); // stable: the watch's order within a severity
        }
        return new WatchReport(watch.recording(), watch.growth(), findings, notes);
    }
}
