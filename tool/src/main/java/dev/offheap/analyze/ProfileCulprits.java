package dev.offheap.analyze;

import dev.offheap.model.AllocationProfile;
import dev.offheap.model.CategoryGrowth;
import dev.offheap.model.Finding;
import dev.offheap.model.Sizes;
import dev.offheap.model.WatchReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code watch --profile}: whether a watch shows native growth worth a malloc profile, and the join of that profile's
 * culprit (library, Java method) into the watch's native growth finding, so that "native memory grows" becomes
 * "libzstd-jni via ZstdOutputStream.&lt;init&gt; leaks 14 MiB/min". Kept apart from the growth rules on purpose:
 * whichever rule reports the growth, the culprit is joined the same way.
 */
public final class ProfileCulprits {
    /** The watch findings about native growth that a malloc profile can name the culprit of. */
    static final Set<String> GROWTH_IDS = Set.of("NATIVE_MALLOC_GROWTH", "JNI_LIBRARY_LEAK", "UNSAFE_MEMORY_GROWTH");
    /** Rows of the accounting that malloc'ed memory lands in, with NMT or without. */
    static final Set<String> MALLOC_ROWS = Set.of("malloc-untracked", "malloc-arenas", "malloc-jvm", "malloc-free-retained",
            "unsafe", "unexplained");

    private ProfileCulprits() {
    }

    /** Native growth: a growth finding above, or malloc'ed rows rising steadily together by {@link Growth#MIN_GROWTH_BYTES}/min or more. */
    public static boolean nativeGrowth(WatchReport watch) {
        if (watch.findings().stream().anyMatch(f -> GROWTH_IDS.contains(f.id()))) {
            return true;
        }
        double perSecond = watch.growth().stream().filter(g -> MALLOC_ROWS.contains(g.name()) && g.steadiness() >= Growth.STEADY)
                .mapToDouble(CategoryGrowth::bytesPerSecond).sum();
        return perSecond * 60 >= Growth.MIN_GROWTH_BYTES;
    }

    /**
     * The watch with the profile's first finding joined: its culprit and evidence go into each native growth finding
     * of the watch; where the watch has none (no rule claimed the growth), the profile's findings are added.
     */
    public static WatchReport join(WatchReport watch, AllocationProfile profile, List<Finding> profileFindings, String how) {
        List<String> notes = new ArrayList<>(watch.notes());
        if (profileFindings.isEmpty()) {
            notes.add(how + ": no leaking library found (" + Sizes.format(profile.leakedBytes()) + " still allocated)");
            return new WatchReport(watch.recording(), watch.growth(), watch.findings(), notes);
        }
        Finding top = profileFindings.get(0);
        String line = how + ": " + culpritLine(profile, top);
        List<Finding> findings = new ArrayList<>();
        boolean joined = false;
        for (Finding f : watch.findings()) {
            if (GROWTH_IDS.contains(f.id())) {
                List<String> evidence = new ArrayList<>(f.evidence());
                evidence.add(line);
                top.evidence().forEach(e -> evidence.add("profile: " + e));
                findings.add(new Finding(f.id(), f.severity(), f.title(), f.summary() + " Malloc profile: " + culpritLine(profile, top) + ".",
                        evidence, top.remedy() + " " + f.remedy(), top.culprit()));
                joined = true;
            } else {
                findings.add(f);
            }
        }
        if (!joined) {
            for (Finding p : profileFindings) {
                List<String> evidence = new ArrayList<>(p.evidence());
                evidence.add(0, how);
                findings.add(new Finding(p.id(), p.severity(), p.title(), p.summary(), evidence, p.remedy(), p.culprit()));
            }
            findings.sort(Comparator.comparing(Finding::severity).reversed()); // stable: the watch's order within a severity
        }
        notes.add(line);
        return new WatchReport(watch.recording(), watch.growth(), findings, notes);
    }

    /** "libzstd-jni-1.5.7-6.so via com.github...compressStream leaks about 14 MiB/min (estimate from samples, ±8%)". */
    static String culpritLine(AllocationProfile profile, Finding top) {
        String library = top.culprit() == null ? null : top.culprit().library();
        List<dev.offheap.model.AllocationSite> sites = profile.leaked().stream()
                .filter(s -> library == null || library.equals(s.library())).toList();
        long bytes = sites.stream().mapToLong(dev.offheap.model.AllocationSite::bytes).sum();
        StringBuilder sb = new StringBuilder(library == null ? "native code" : library);
        if (top.culprit() != null && top.culprit().javaMethod() != null) {
            sb.append(" via ").append(top.culprit().javaMethod());
        }
        if (profile.judgedMillis() != null && profile.judgedMillis() > 0) {
            sb.append(" leaks about ").append(Sizes.format(Math.round(bytes * 60_000.0 / profile.judgedMillis()))).append("/min");
        } else {
            sb.append(" holds ").append(Sizes.format(bytes));
        }
        double error = profile.relativeError(sites);
        if (error > 0) {
            sb.append(String.format(java.util.Locale.ROOT, " (estimate from samples, ±%.0f%%)", error * 100));
        }
        return sb.toString();
    }
}
