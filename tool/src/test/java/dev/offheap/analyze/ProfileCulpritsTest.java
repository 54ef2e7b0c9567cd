package dev.offheap.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.model.AllocationProfile;
import dev.offheap.model.CategoryGrowth;
import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.MallocRecording;
import dev.offheap.model.Severity;
import dev.offheap.model.StackFrame;
import dev.offheap.model.WatchReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** watch --profile's join: the profile's culprit goes into the watch's native growth finding, whichever rule made it. */
class ProfileCulpritsTest {
    private static final List<StackFrame> LEAK = List.of(StackFrame.nativeFrame("ZSTD_createCCtx", "libzstd-jni-1.5.7-6.so"),
            StackFrame.java("com.github.luben.zstd.ZstdOutputStreamNoFinalizer.<init>"), StackFrame.java("app.Main.leak"));
    private static final Finding GROWTH = new Finding("NATIVE_MALLOC_GROWTH", Severity.WARNING, "Native memory grows",
            "The growth is malloc'ed memory.", List.of("malloc not tracked by NMT rises by 14.0 MiB/min"),
            "Find the allocating stacks.", null);
    private static final Finding ARENAS = new Finding("GLIBC_ARENAS", Severity.WARNING, "arenas", "s", List.of(), "r", null);

    @Test
    void theCulpritAndItsRateGoIntoTheGrowthFinding() {
        WatchReport joined = ProfileCulprits.join(watch(List.of(ARENAS, GROWTH)), profile(), ProfileFindings.evaluate(profile()), "malloc profile of 60 s");
        Finding f = joined.findings().get(1);
        assertThat(f.id()).isEqualTo("NATIVE_MALLOC_GROWTH");
        assertThat(f.culprit()).isEqualTo(new Culprit("libzstd-jni-1.5.7-6.so", "com.github.luben.zstd.ZstdOutputStreamNoFinalizer.<init>", null, null));
        assertThat(f.summary()).isEqualTo("The growth is malloc'ed memory. Malloc profile: libzstd-jni-1.5.7-6.so via"
                + " com.github.luben.zstd.ZstdOutputStreamNoFinalizer.<init> leaks about 14.0 MiB/min.");
        assertThat(f.evidence()).startsWith("malloc not tracked by NMT rises by 14.0 MiB/min",
                "malloc profile of 60 s: libzstd-jni-1.5.7-6.so via com.github.luben.zstd.ZstdOutputStreamNoFinalizer.<init> leaks about 14.0 MiB/min");
        assertThat(joined.findings()).extracting(Finding::id).containsExactly("GLIBC_ARENAS", "NATIVE_MALLOC_GROWTH");
    }

    @Test
    void withoutAGrowthFindingTheProfilesFindingsAreAdded() {
        WatchReport joined = ProfileCulprits.join(watch(List.of(ARENAS)), profile(), ProfileFindings.evaluate(profile()), "malloc profile of 60 s");
        assertThat(joined.findings()).extracting(Finding::id).containsExactly("GLIBC_ARENAS", "JNI_LIBRARY_LEAK");
        assertThat(joined.findings().get(1).evidence().get(0)).isEqualTo("malloc profile of 60 s");
        assertThat(joined.findings().get(1).culprit().library()).isEqualTo("libzstd-jni-1.5.7-6.so");
    }

    @Test
    void nativeGrowthIsAFindingOrMallocRowsRisingSteadily() {
        assertThat(ProfileCulprits.nativeGrowth(watch(List.of(GROWTH)))).isTrue();
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

    /** 14 MiB leaked through zstd-jni in the first 54 s of a 60 s recording of every call. */
    private static AllocationProfile profile() {
        long mib = 1 << 20;
        MallocRecording rec = new MallocRecording(0, 60_000_000_000L, List.of(
                new MallocRecording.Call(1_000_000_000L, 0x1000, 12 * mib + mib * 6 / 10, 1)), Map.of(1, LEAK));
        return LeakMatcher.match(rec, 0.10, 0, true);
    }
}
