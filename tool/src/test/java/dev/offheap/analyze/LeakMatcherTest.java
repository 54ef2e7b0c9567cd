package dev.offheap.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.model.AllocationProfile;
import dev.offheap.model.AllocationSite;
import dev.offheap.model.Finding;
import dev.offheap.model.MallocRecording;
import dev.offheap.model.StackFrame;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Matching frees to mallocs by address: leaked, churn and not-yet-judged allocations; the findings that follow. */
class LeakMatcherTest {
    private static final List<StackFrame> LEAK = List.of(StackFrame.nativeFrame("ZSTD_resetCCtx_internal", "libzstd-jni-1.5.7-6.so"),
            StackFrame.nativeFrame("Java_com_github_luben_zstd_ZstdOutputStreamNoFinalizer_compressStream", "libzstd-jni-1.5.7-6.so"),
            StackFrame.java("com.github.luben.zstd.ZstdOutputStreamNoFinalizer.compressStream"),
            StackFrame.java("app.Main.leak"));
    private static final List<StackFrame> CHURN = List.of(StackFrame.nativeFrame("malloc", "libc.so.6"),
            StackFrame.nativeFrame("inflateInit2_", "libz.so.1"), StackFrame.java("java.util.zip.Inflater.init"));

    @Test
    void evidenceFoldsRepeatedFramesSoTheFirstNamedOnesShow() {
        StackFrame unnamed = StackFrame.nativeFrame("[libzstd-jni-1.5.7-6.so]", "libzstd-jni-1.5.7-6.so");
        AllocationSite site = new AllocationSite(List.of(StackFrame.nativeFrame("malloc", "libc.so.6"), unnamed, unnamed,
                unnamed, LEAK.get(1), LEAK.get(2), LEAK.get(3), StackFrame.java("app.Main.main")), 1 << 20, 1,
                "libzstd-jni-1.5.7-6.so", LEAK.get(2).name());
        assertThat(ProfileFindings.describe(site)).isEqualTo("[libzstd-jni-1.5.7-6.so] (x3)"
                + " <- Java_com_github_luben_zstd_ZstdOutputStreamNoFinalizer_compressStream"
                + " <- com.github.luben.zstd.ZstdOutputStreamNoFinalizer.compressStream <- app.Main.leak");
    }

    @Test
    void separatesLeakedFromChurnAndLeavesTheTailUnjudged() {
        long mib = 1 << 20;
        MallocRecording rec = new MallocRecording(0, 1000, List.of(
                new MallocRecording.Call(10, 0x1000, 4 * mib, 1),   // leaked
                new MallocRecording.Call(20, 0x2000, 8 * mib, 2),   // churn: freed at 30
                new MallocRecording.Call(30, 0x2000, 0, 0),
                new MallocRecording.Call(40, 0x9999, 0, 0),         // free of something allocated before the profile
                new MallocRecording.Call(950, 0x3000, 2 * mib, 1)), // in the last 10%: not judged
                Map.of(1, LEAK, 2, CHURN));
        AllocationProfile p = LeakMatcher.match(rec, 0.10, 0);
        assertThat(p.leakedBytes()).isEqualTo(4 * mib);
        assertThat(p.leaked().get(0).library()).isEqualTo("libzstd-jni-1.5.7-6.so");
        assertThat(p.leaked().get(0).javaMethod()).isEqualTo("com.github.luben.zstd.ZstdOutputStreamNoFinalizer.compressStream");
        assertThat(p.churnBytes()).isEqualTo(8 * mib);
        assertThat(p.churn().get(0).library()).isEqualTo("libz.so.1");
        assertThat(p.recentBytes()).isEqualTo(2 * mib);
        List<Finding> f = ProfileFindings.evaluate(p);
        assertThat(f).extracting(Finding::id).containsExactly("JNI_LIBRARY_LEAK");
        assertThat(f.get(0).summary()).isEqualTo("4.0 MiB still allocated at the end by libzstd-jni-1.5.7-6.so (ZSTD_resetCCtx_internal),"
                + " called from com.github.luben.zstd.ZstdOutputStreamNoFinalizer.compressStream");
    }

    @Test
    void leaksThroughJavaUtilZipAreZipStreamsNotEnded() {
        MallocRecording rec = new MallocRecording(0, 1000, List.of(new MallocRecording.Call(10, 0x1000, 5 << 20, 2)), Map.of(2, CHURN));
        List<Finding> f = ProfileFindings.evaluate(LeakMatcher.match(rec, 0.10, 0));
        assertThat(f).extracting(Finding::id).containsExactly("ZIP_STREAMS_NOT_ENDED");
        assertThat(f.get(0).culprit().javaMethod()).isEqualTo("java.util.zip.Inflater.init");
    }

    @Test
    void namesTheJavaMethodFromTheJniFunctionWhenTheStackEndsInTheInterpreter() {
        assertThat(AllocationSites.jniMethod("Java_com_github_luben_zstd_ZstdOutputStreamNoFinalizer_compressStream"))
                .isEqualTo("com.github.luben.zstd.ZstdOutputStreamNoFinalizer.compressStream");
        assertThat(AllocationSites.jniMethod("Java_java_util_zip_Inflater_init__IZ")).isEqualTo("java.util.zip.Inflater.init");
        assertThat(AllocationSites.jniMethod("Java_a_b_1c_m")).isEqualTo("a.b_c.m");
    }

    @Test
    void scalesSampledCountsAsJeprof() {
        // one 1 MiB object sampled with period 128 KiB: probability 1 - e^-8, scale 1.000335
        assertThat(HeapProfiles.scale(1, 1 << 20, 131072)).containsExactly(1, 1048928);
        // 100 objects of 1 KiB, each sampled with probability 1 - e^(-1/128): scale 128.5007
        assertThat(HeapProfiles.scale(100, 102400, 131072)).containsExactly(12850, 13158467);
    }
}
