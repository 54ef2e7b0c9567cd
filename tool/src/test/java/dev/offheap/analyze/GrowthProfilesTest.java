package dev.offheap.analyze;

import static dev.offheap.analyze.GrowthSamples.MIB;
import static dev.offheap.analyze.GrowthSamples.PAGE;
import static dev.offheap.analyze.GrowthSamples.j;
import static dev.offheap.analyze.GrowthSamples.n;
import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.GrowthGroup;
import dev.offheap.model.GrowthProfile;
import dev.offheap.model.LibraryName;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The growth profile's analysis on stacks shaped as async-profiler records them for each zoo kind (see
 * notes/23-research.md): groups by JNI class or JVM entry, the library exporting the JNI methods, first touch versus
 * allocation, thread stacks by thread name, Java heap and JIT as no leak, and RSS that did not grow naming nothing.
 */
class GrowthProfilesTest {
    private static final String LIBZIP = "libzip.so";

    @Test
    void deflaterInitAndDeflateBytesBytesAreOneGroupAllocatedInOneAndFirstTouchedInTheOther() {
        GrowthProfile p = new GrowthSamples()
                .stack("zip-leak", 7, 610, n("deflate_slow", LIBZIP), n("Java_java_util_zip_Deflater_deflateBytesBytes", LIBZIP),
                        j("java.util.zip.Deflater.deflateBytesBytes"), j("java.util.zip.Deflater.deflate"), j("app.Zip.compress"),
                        j("java.lang.Thread.run"))
                .stack("zip-leak", 7, 290, n("__memset_evex_unaligned_erms", "libc.so.6"), n("deflateReset", LIBZIP),
                        n("Java_java_util_zip_Deflater_init", LIBZIP), j("java.util.zip.Deflater.init"), j("java.util.zip.Deflater.<init>"),
                        j("app.Zip.compress"), j("java.lang.Thread.run"))
                .stack("zip-leak", 7, 100, n("sysmalloc", "libc.so.6"), n("__GI___libc_malloc", "libc.so.6"), n("deflateInit2_", LIBZIP),
                        n("Java_java_util_zip_Deflater_init", LIBZIP), j("java.util.zip.Deflater.init"), j("java.util.zip.Deflater.<init>"),
                        j("app.Zip.compress"), j("java.lang.Thread.run"))
                .grew(1000 * PAGE).build();
        assertThat(p.groups()).hasSize(1);
        GrowthGroup g = p.groups().get(0);
        assertThat(g.kind()).isEqualTo(GrowthGroup.Kind.JNI);
        assertThat(g.title()).isEqualTo("libzip.so via java.util.zip.Deflater.deflateBytesBytes");
        assertThat(g.library().shown()).isEqualTo(LIBZIP);
        assertThat(g.methods()).extracting(GrowthGroup.Share::name, GrowthGroup.Share::faults)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("java.util.zip.Deflater.deflateBytesBytes", 610L),
                        org.assertj.core.groups.Tuple.tuple("java.util.zip.Deflater.init", 390L));
        assertThat(g.caller().name()).isEqualTo("app.Zip.compress");
        assertThat(g.notes()).containsExactly("first touch is not the allocation: allocated in java.util.zip.Deflater.init (39% of"
                + " the faults), first touched in java.util.zip.Deflater.deflateBytesBytes (61%)");
        assertThat(p.explained()).isEqualTo(1.0);
        List<Finding> findings = GrowthFindings.evaluate(p);
        assertThat(findings).extracting(Finding::id).containsExactly("ZIP_STREAMS_NOT_ENDED");
        assertThat(findings.get(0).culprit()).isEqualTo(new Culprit(LIBZIP, "java.util.zip.Deflater.deflateBytesBytes",
                "java.util.zip.Deflater", null));
        assertThat(findings.get(0).summary()).isEqualTo("libzip.so via java.util.zip.Deflater.deflateBytesBytes grows RSS by"
                + " 15.6 MiB/min, 100% of the growth (called from app.Zip.compress)");
    }

    @Test
    void aJniClassIsNamedByTheLibraryExportingItsMethodsNotByTheLibcItTailCalls() {
        LibraryName jna = new LibraryName("libjnidispatch.so", "jna6961768071334614742.tmp", "/tmp/x/jna6961768071334614742.tmp (deleted)",
                "the JNI library of com.sun.jna, extracted from the class path resource com/sun/jna/linux-x86-64/libjnidispatch.so");
        GrowthProfile p = GrowthSamples.jna(5000).grew(5000 * PAGE).build(Map.of("jna6961768071334614742.tmp", jna), Set.of());
        GrowthGroup g = p.groups().get(0);
        assertThat(g.library()).isEqualTo(jna);
        assertThat(g.javaClass()).isEqualTo("com.sun.jna.Native");
        assertThat(g.caller().name()).as("the first caller outside the JDK and com.sun.jna").isEqualTo("app.Registry.keep");
        assertThat(g.notes()).anyMatch(n -> n.startsWith("first touch is not the allocation: allocated in com.sun.jna.Native.malloc"));
        Finding f = GrowthFindings.evaluate(p).get(0);
        assertThat(f.id()).isEqualTo("JNI_LIBRARY_LEAK");
        assertThat(f.culprit().library()).isEqualTo("libjnidispatch.so");
        assertThat(f.evidence()).contains("libjnidispatch.so is the extracted copy /tmp/x/jna6961768071334614742.tmp (deleted) (the JNI"
                + " library of com.sun.jna, extracted from the class path resource com/sun/jna/linux-x86-64/libjnidispatch.so)");
    }

    @Test
    void unsafeMemoryAndDirectBuffersAreToldApartByDirectByteBufferOnTheStack() {
        GrowthProfile p = new GrowthSamples()
                .stack("main", 1, 600, n("Copy::fill_to_memory_atomic", "libjvm.so"), n("Unsafe_SetMemory0", "libjvm.so"),
                        j("jdk.internal.misc.Unsafe.setMemory0"), j("jdk.internal.misc.Unsafe.setMemory"), j("java.nio.DirectByteBuffer.<init>"),
                        j("java.nio.ByteBuffer.allocateDirect"), j("app.Buffers.retain"))
                .stack("main", 1, 400, n("Copy::fill_to_memory_atomic", "libjvm.so"), n("Unsafe_SetMemory0", "libjvm.so"),
                        j("jdk.internal.misc.Unsafe.setMemory0"), j("jdk.internal.misc.Unsafe.setMemory"), j("sun.misc.Unsafe.setMemory"),
                        j("app.OffHeap.grow"))
                .grew(1000 * PAGE).build();
        assertThat(p.groups()).extracting(GrowthGroup::category, GrowthGroup::title).containsExactly(
                org.assertj.core.groups.Tuple.tuple("direct-buffers", "direct buffers allocated by app.Buffers.retain"),
                org.assertj.core.groups.Tuple.tuple("unsafe", "Unsafe.allocateMemory memory of app.OffHeap.grow"));
        List<Finding> findings = GrowthFindings.evaluate(p);
        assertThat(findings).extracting(Finding::id).containsExactly("DIRECT_BUFFER_GROWTH", "UNSAFE_MEMORY_GROWTH");
        assertThat(findings.get(0).culprit().javaMethod()).isEqualTo("app.Buffers.retain");
        assertThat(findings.get(1).culprit().javaMethod()).isEqualTo("app.OffHeap.grow");
        // the class is the caller's, not the JDK's Unsafe whose method every such leak goes through
        assertThat(findings.get(0).culprit().className()).isEqualTo("app.Buffers");
        assertThat(findings.get(1).culprit().className()).isEqualTo("app.OffHeap");
    }

    @Test
    void newThreadsTouchingTheirOwnStacksAreOneGroupByThreadNameAndTheCreatorIsNamed() {
        GrowthSamples s = new GrowthSamples().threads(20, 180);
        for (int tid = 100; tid < 260; tid++) {
            s.stack("pool-" + tid + "-thread-1", tid, 20, j("java.lang.Thread.run"));
        }
        s.stack("main", 1, 400, n("__GI___pthread_create", "libc.so.6"), n("os::create_thread", "libjvm.so"),
                n("JVM_StartThread", "libjvm.so"), j("java.lang.Thread.start0"), j("java.lang.Thread.start"),
                j("java.util.concurrent.ThreadPoolExecutor.execute"), j("app.Jobs.submit"));
        GrowthProfile p = s.grew(3600 * PAGE).build();
        GrowthGroup first = p.groups().get(0);
        assertThat(first.kind()).isEqualTo(GrowthGroup.Kind.THREAD_STACKS);
        assertThat(first.thread()).isEqualTo("pool-N-thread-N");
        assertThat(first.threads()).isEqualTo(160);
        assertThat(p.groups().get(1).title()).isEqualTo("thread creation by app.Jobs.submit");
        List<Finding> findings = GrowthFindings.evaluate(p);
        assertThat(findings).extracting(Finding::id).containsExactly("THREAD_GROWTH");
        assertThat(findings.get(0).culprit()).isEqualTo(new Culprit(null, "app.Jobs.submit", "java.lang.Thread", "pool-N-thread-N"));
        assertThat(findings.get(0).evidence()).contains("threads: 20 when sampling started, 180 when it stopped",
                "threads are started by app.Jobs.submit (Thread.start0)");
    }

    @Test
    void threadsThatStartAndEndAreNotThreadGrowth() {
        GrowthSamples s = new GrowthSamples().threads(20, 21);
        for (int tid = 100; tid < 260; tid++) {
            s.stack("churn", tid, 20, j("app.Work.run"), j("java.lang.Thread.run"));
        }
        GrowthProfile p = s.grew(3200 * PAGE).build();
        assertThat(p.groups().get(0).kind()).isEqualTo(GrowthGroup.Kind.JAVA);
        assertThat(p.groups().get(0).notes()).containsExactly("160 threads of this name were sampled while the thread count did not"
                + " grow: threads that start and end fault their new stacks in each time");
        assertThat(GrowthFindings.evaluate(p)).isEmpty();
    }

    @Test
    void javaHeapAllocationGcAndCompilerThreadsExplainGrowthButAreNoLeak() {
        GrowthProfile p = new GrowthSamples()
                .stack("GC Thread#0", 30, 700, n("__memmove_avx_unaligned_erms", "libc.so.6"), n("G1ParScanThreadState::do_copy_to_survivor_space", "libjvm.so"))
                .stack("GC Thread#1", 31, 300, n("G1ParScanThreadState::do_copy_to_survivor_space", "libjvm.so"))
                .stack("main", 1, 500, n("__memset_evex_unaligned_erms", "libc.so.6"), n("MemAllocator::allocate", "libjvm.so"),
                        n("InterpreterRuntime::newarray", "libjvm.so"), j("app.Cache.fill"), j("app.Main.main"))
                .stack("C2 CompilerThread0", 12, 200, n("Compile::Code_Gen", "libjvm.so"), n("C2Compiler::compile_method", "libjvm.so"))
                .grew(1700 * PAGE).build();
        assertThat(p.groups()).extracting(GrowthGroup::title).containsExactly("Java heap (GC threads GC Thread#N)",
                "Java heap allocation by app.Cache.fill", "JIT compiler (threads C2 CompilerThreadN)");
        assertThat(p.groups()).extracting(GrowthGroup::category).containsExactly("java-heap", "java-heap", "compiler");
        assertThat(p.explained()).isEqualTo(1.0);
        assertThat(GrowthFindings.evaluate(p)).isEmpty();
    }

    @Test
    void rssThatDidNotGrowNamesNothingWhateverWasFaulted() {
        GrowthProfile p = GrowthSamples.jna(5000).grew(300 * 1024).build();
        assertThat(p.grew()).isFalse();
        assertThat(p.explained()).isNull();
        assertThat(p.groups().get(0).explained()).isNull();
        assertThat(GrowthFindings.evaluate(p)).isEmpty();
        assertThat(p.notes()).anyMatch(n -> n.startsWith("RSS did not grow: +300 KiB in 15.0 s (noise: up to 2.0 MiB)"));
    }

    @Test
    void faultsBeyondTheGrowthAreChurnAndTheCallerIsQuestioned() {
        GrowthProfile p = GrowthSamples.jna(5000).grew(4000 * PAGE).build();
        assertThat(p.churn()).isEqualTo(1.25);
        assertThat(p.notes()).anyMatch(n -> n.startsWith("the faults stand for 1.3x the RSS growth: memory is also released"));
        assertThat(GrowthFindings.evaluate(p).get(0).evidence()).anyMatch(e -> e.startsWith("faults stand for 1.3x the RSS growth (churn)"));
    }

    @Test
    void hugePagesThatFaultsUndercountAreSaid() {
        GrowthProfile p = GrowthSamples.jna(5000).grew(120 * MIB).huge(78 * MIB).build();
        assertThat(p.explained()).isCloseTo(5000.0 * PAGE / (120 * MIB), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(p.notes()).anyMatch(n -> n.contains("78.0 MiB of it is in transparent huge pages, where one fault maps 2 MiB"));
    }

    @Test
    void aFrameNamedAfterASymbolWithoutSizeIsShownAsItsLibrary() {
        GrowthProfile p = new GrowthSamples()
                .stack("main", 1, 1000, n("_init", "libstripped.so"), n("Java_app_Native_fill", "libstripped.so"), j("app.Native.fill"),
                        j("app.Main.main"))
                .grew(1000 * PAGE).build(Map.of(), Set.of("libstripped.so`_init"));
        assertThat(p.groups().get(0).frames().get(0).name()).isEqualTo("[libstripped.so]");
        assertThat(p.notes()).contains("frames of libstripped.so that no symbol covers are shown as [libstripped.so]: async-profiler"
                + " named them _init, the nearest earlier symbol, which has no size");
    }

    @Test
    void aLargeIntervalThatMissesQuietThreadsIsSaid() {
        GrowthProfile p = new GrowthSamples().interval(16)
                .stack("main", 1, 1600, n("memset", "libc.so.6"), n("Java_app_Native_fill", "libapp.so"), j("app.Native.fill"))
                .grew(3000 * PAGE).build();
        // GrowthSamples counts kernel faults as the sampled ones: the note needs the kernel to have counted more
        assertThat(p.notes()).noneMatch(n -> n.startsWith("the samples stand for"));
        assertThat(p.groups().get(0).samples()).isEqualTo(100);
        assertThat(p.groups().get(0).error()).isEqualTo(0.2);
    }
}
