package dev.offheap.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.model.CategoryGrowth;
import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.GrowthProfile;
import dev.offheap.model.Severity;
import dev.offheap.model.WatchReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** watch --profile's join: the growth profile's culprit goes into the watch's growth finding, whichever rule made it. */
class ProfileCulpritsTest {
    private static final Finding GROWTH = new Finding("NATIVE_MALLOC_GROWTH", Severity.WARNING, "Native memory grows",
            "The growth is malloc'ed memory.", List.of("malloc not tracked by NMT rises by 14.0 MiB/min"),
            "Find the allocating stacks.", null);
    private static final Finding ARENAS = new Finding("GLIBC_ARENAS", Severity.WARNING, "arenas", "s", List.of(), "r", null);
    private static final Finding THREADS = new Finding("THREAD_GROWTH", Severity.WARNING, "threads", "s", List.of(), "r", null);

    @Test
    void theCulpritAndItsRateGoIntoTheGrowthFindingItExplains() {
        GrowthProfile p = GrowthSamples.jna(3600).grew(3600 * GrowthSamples.PAGE).build();
        WatchReport joined = ProfileCulprits.join(watch(List.of(ARENAS, GROWTH, THREADS)), p, GrowthFindings.evaluate(p),
                "growth profile of 15.0 s");
        assertThat(joined.findings()).extracting(Finding::id).containsExactly("GLIBC_ARENAS", "NATIVE_MALLOC_GROWTH", "THREAD_GROWTH");
        Finding f = joined.findings().get(1);
        assertThat(f.culprit()).isEqualTo(new Culprit("jna6961768071334614742.tmp", "com.sun.jna.Native.setMemory",
                "com.sun.jna.Native", null));
        String line = "jna6961768071334614742.tmp via com.sun.jna.Native.setMemory grows RSS by 56.3 MiB/min, 100% of the"
                + " growth (called from app.Registry.keep)";
        assertThat(f.summary()).isEqualTo("The growth is malloc'ed memory. Growth profile: " + line + ".");
        assertThat(f.evidence()).startsWith("malloc not tracked by NMT rises by 14.0 MiB/min", "growth profile of 15.0 s: " + line);
        assertThat(joined.findings().get(2).culprit()).as("a thread finding is not what JNA explains").isNull();
        assertThat(joined.notes()).containsExactly("growth profile of 15.0 s: " + line);
    }

    @Test
    void withoutAGrowthFindingItExplainsTheProfilesFindingsAreAdded() {
        GrowthProfile p = GrowthSamples.jna(3600).grew(3600 * GrowthSamples.PAGE).build();
        WatchReport joined = ProfileCulprits.join(watch(List.of(ARENAS, THREADS)), p, GrowthFindings.evaluate(p), "growth profile of 15.0 s");
        assertThat(joined.findings()).extracting(Finding::id).containsExactly("GLIBC_ARENAS", "THREAD_GROWTH", "JNI_LIBRARY_LEAK");
        assertThat(joined.findings().get(2).evidence().get(0)).isEqualTo("growth profile of 15.0 s");
        assertThat(joined.findings().get(2).culprit().library()).isEqualTo("jna6961768071334614742.tmp");
    }

    @Test
    void aProfileInWhichRssDidNotGrowNamesNoCulprit() {
        GrowthProfile p = GrowthSamples.jna(3600).grew(100_000).build();
        WatchReport joined = ProfileCulprits.join(watch(List.of(GROWTH)), p, GrowthFindings.evaluate(p), "growth profile of 15.0 s");
        assertThat(joined.findings()).containsExactly(GROWTH);
        assertThat(joined.notes()).containsExactly("growth profile of 15.0 s: RSS did not grow during the profile (+98 KiB):"
                + " no culprit named");
    }

    @Test
    void growthIsAFindingOrMallocRowsRisingSteadily() {
        assertThat(ProfileCulprits.nativeGrowth(watch(List.of(GROWTH)))).isTrue();
        assertThat(ProfileCulprits.nativeGrowth(watch(List.of(THREADS)))).isTrue();
        assertThat(ProfileCulprits.nativeGrowth(watch(List.of(ARENAS)))).isFalse();
        WatchReport rising = new WatchReport(null, List.of(new CategoryGrowth("malloc-arenas", 64 << 20, 200_000, 1.0, null, null)),
                List.of(), List.of());
        assertThat(ProfileCulprits.nativeGrowth(rising)).isTrue();
        WatchReport heap = new WatchReport(null, List.of(new CategoryGrowth("java-heap", 64 << 20, 2_000_000, 1.0, null, null)),
                List.of(), List.of());
        assertThat(ProfileCulprits.nativeGrowth(heap)).isFalse();
    }

    private static WatchReport watch(List<Finding> findings) {
        return new WatchReport(null, List.of(), findings, List.of());
    }
}
