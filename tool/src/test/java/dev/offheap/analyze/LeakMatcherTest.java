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

    @Test
    void sampledAllocationsStandForTheIntervalAndLargerOnesForThemselvesWithTheErrorOfTheSmallOnes() {
        long k = 1 << 10;
        List<MallocRecording.Call> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(new MallocRecording.Call(10 + i, 0x1000 + i * 0x100, 64 * k, 1)); // 16 samples of 64 KiB: 16 x 512 KiB
        }
        calls.add(new MallocRecording.Call(40, 0x9000, 2048 * k, 1));                  // 2 MiB: recorded every time, itself
        calls.add(new MallocRecording.Call(50, 0xa000, 256, 2));                         // churn: one sample of 256 B, freed
        calls.add(new MallocRecording.Call(60, 0xa000, 0, 0));
        AllocationProfile p = LeakMatcher.match(new MallocRecording(0, 1000, calls, Map.of(1, LEAK, 2, CHURN)), 0.10, 512 * k, true);
        assertThat(p.leakedBytes()).isEqualTo(16 * 512 * k + 2048 * k);
        assertThat(p.leakedCount()).isEqualTo(16 * 8 + 1);
        assertThat(p.leaked().get(0).scaledSamples()).isEqualTo(16);
        assertThat(p.churnBytes()).isEqualTo(512 * k);
        assertThat(p.churnCount()).isEqualTo(2048);
        // 2 * sqrt(16) * 512 KiB of 10 MiB
        assertThat(p.relativeError(p.leaked())).isEqualTo(2 * 4 * 512.0 / (16 * 512 + 2048));
        assertThat(p.judgedMillis()).isZero(); // 900 ns of a 1000 ns recording
        List<Finding> f = ProfileFindings.evaluate(p);
        assertThat(f.get(0).evidence().get(0)).contains("an estimate from samples (one per 512 KiB allocated), about ±40%");
    }

    @Test
    void withoutFreesNothingIsJudgedAndNoFindingIsMade() {
        MallocRecording rec = new MallocRecording(0, 1000, List.of(new MallocRecording.Call(10, 0x1000, 4 << 20, 1)), Map.of(1, LEAK));
        AllocationProfile p = LeakMatcher.match(rec, 0.10, 0, false);
        assertThat(p.mode()).isEqualTo("nativemem-nofree");
        assertThat(p.leakedBytes()).isEqualTo(4 << 20);
        assertThat(p.churnBytes()).isNull();
        assertThat(p.notes()).contains("frees not recorded: everything allocated is listed, leak and churn are not told apart");
        assertThat(ProfileFindings.evaluate(p)).isEmpty();
    }

    @Test
    void freesAreRecordedAllAlongForAServiceAndBrieflyForAMallocLoop() {
        long k = 1 << 10;
        // a probe of 1 s: 100 samples of 4 KiB at 512 KiB = 12,800 calls/s, the target using half a core
        List<MallocRecording.Call> service = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            service.add(new MallocRecording.Call(i * 10_000_000L, 0x1000 + i, 4 * k, 1));
        }
        ProfileBudget.LeakPhase s = ProfileBudget.plan(new MallocRecording(0, 1_000_000_000L, service, Map.of()), 512 * k,
                500_000_000L, 60_000, 59_000, 0.005);
        // 12,800 x 1.3 us = 1.7% of a core; 0.5% of 0.5 core over 60 s allows 60 x 0.0025 / 0.01664 = 9.0 s
        assertThat(s.callsPerSecond()).isEqualTo(12_800.0);
        assertThat(s.millis()).isEqualTo(9014);
        assertThat(s.note()).startsWith("frees recorded for 9.0 s of 60.0 s: the target made 13 k malloc calls/s and used 50% of a core");
        // 6 GB/s of 256-byte mallocs on one core: 23 M calls/s
        List<MallocRecording.Call> loop = new java.util.ArrayList<>();
        for (int i = 0; i < 11_444; i++) {
            loop.add(new MallocRecording.Call(i * 87_000L, 0x1000 + i * 16L, 256, 1));
        }
        ProfileBudget.LeakPhase l = ProfileBudget.plan(new MallocRecording(0, 1_000_000_000L, loop, Map.of()), 512 * k,
                1_000_000_000L, 60_000, 59_000, 0.005);
        assertThat(l.millis()).isBetween(5L, 15L);
        assertThat(l.note()).contains("--exact records them all along");
        // a target that barely mallocs keeps recording frees for the whole remaining time
        ProfileBudget.LeakPhase idle = ProfileBudget.plan(new MallocRecording(0, 1_000_000_000L, List.of(), Map.of()), 512 * k,
                10_000_000L, 60_000, 59_000, 0.005);
        assertThat(idle.millis()).isEqualTo(59_000);
    }

    @Test
    void freesRecordedTooBrieflyToJudgeAreSaidNeverNothingLeaked() {
        long k = 1 << 10;
        List<MallocRecording.Call> loop = new java.util.ArrayList<>();
        for (int i = 0; i < 11_444; i++) {
            loop.add(new MallocRecording.Call(i * 87_000L, 0x1000 + i * 16L, 256, 1));
        }
        ProfileBudget.LeakPhase brief = ProfileBudget.plan(new MallocRecording(0, 1_000_000_000L, loop, Map.of()), 512 * k,
                1_000_000_000L, 30_000, 29_000, 0.005);
        AllocationProfile nothing = LeakMatcher.match(new MallocRecording(0, brief.millis() * 1_000_000L, List.of(), Map.of()), 0.1, 512 * k);
        assertThat(ProfileFindings.evaluate(nothing)).isEmpty();
        String why = ProfileBudget.unjudged(nothing, brief, 30_000);
        assertThat(why).startsWith("could not judge: frees were recorded for 0.0 s of 30.0 s").contains("malloc calls/s would cost more"
                + " than --max-cost to record longer").contains("no leak found here does not mean none");
        // frees recorded for 9 s of 60 s: judged
        AllocationProfile judged = LeakMatcher.match(new MallocRecording(0, 9_000_000_000L, List.of(), Map.of()), 0.1, 512 * k);
        assertThat(ProfileBudget.unjudged(judged, new ProfileBudget.LeakPhase(9_000, 12_800, ""), 60_000)).isNull();
    }
}
