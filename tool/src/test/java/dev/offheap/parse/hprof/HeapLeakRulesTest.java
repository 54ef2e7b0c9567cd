package dev.offheap.parse.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.analyze.heap.HeapRules;
import dev.offheap.analyze.heap.HeapViews;
import dev.offheap.model.Finding;
import dev.offheap.model.Severity;
import dev.offheap.model.heap.HeapSummary;
import dev.offheap.testing.SyntheticHeap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CLASSLOADER_LEAK, ZIP_STREAMS_NOT_ENDED and DISABLE_EXPLICIT_GC (of a partial dump) on synthetic dumps, read by the
 * scanner like a real one.
 */
class HeapLeakRulesTest {
    @TempDir
    Path dir;

    private List<Finding> findings(Consumer<SyntheticHeap> content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SyntheticHeap h = new SyntheticHeap(out, 8, false)) {
            content.accept(h);
        }
        Path p = dir.resolve("leak.hprof");
        Files.write(p, out.toByteArray());
        HeapSummary s = HeapViews.summarize(HeapDumpScanner.scan(p, new HeapDumpScanner.Options(false, dir)).value());
        return HeapRules.findings(s);
    }

    @Test
    void unreachableBuffersOfAPartialDumpSayTheyMayBeReachable() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SyntheticHeap h = new SyntheticHeap(out, 8, false)) {
            for (int i = 0; i < 4; i++) {
                h.directBuffer(4 << 20);
            }
            h.rootCleaners();
        }
        byte[] full = out.toByteArray();
        Path whole = dir.resolve("whole.hprof");
        Path cut = dir.resolve("cut.hprof");
        Files.write(whole, full);
        Files.write(cut, java.util.Arrays.copyOf(full, full.length - 8));
        for (Path p : List.of(whole, cut)) {
            HeapSummary s = HeapViews.summarize(HeapDumpScanner.scan(p, new HeapDumpScanner.Options(true, dir)).value());
            Finding f = HeapRules.findings(s).stream().filter(x -> x.id().equals("DISABLE_EXPLICIT_GC")).findFirst().orElseThrow();
            assertThat(f.evidence()).as(p.toString()).hasSize(s.partial() ? 3 : 2);
            assertThat(s.partial()).isEqualTo(p.equals(cut));
        }
    }

    @Test
    void manyLoadersOfOneApplicationTypeAreAClassLoaderLeak() throws IOException {
        List<Finding> f = findings(h -> {
            SyntheticHeap.Cls scripts = h.define("com.acme.ScriptLoader", h.classLoader, 0);
            for (int i = 0; i < 120; i++) {
                long loader = h.instance(scripts);
                h.define("com.acme.Script$Proxy" + i, h.object, loader);
                h.define("com.acme.Script", h.object, loader);
            }
        });
        assertThat(f).filteredOn(x -> x.id().equals("CLASSLOADER_LEAK")).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
            assertThat(x.title()).isEqualTo("120 class loaders of type com.acme.ScriptLoader");
            assertThat(x.evidence()).containsExactly("120 loaders of com.acme.ScriptLoader define 240 classes",
                    "120 of those classes look generated (proxies, lambdas, scripts)");
        });
    }

    @Test
    void fewApplicationLoadersAndManyJdkLoadersAreNoClassLoaderLeak() throws IOException {
        List<Finding> f = findings(h -> {
            SyntheticHeap.Cls plugins = h.define("com.acme.PluginLoader", h.classLoader, 0);
            for (int i = 0; i < 99; i++) {
                h.define("com.acme.Plugin", h.object, h.instance(plugins));
            }
            for (int i = 0; i < 150; i++) {
                h.define("jdk.internal.reflect.GeneratedMethodAccessor" + i, h.object, h.instance(h.delegatingLoader));
            }
        });
        assertThat(f).extracting(Finding::id).doesNotContain("CLASSLOADER_LEAK");
    }

    @ParameterizedTest(name = "{0} deflaters and {1} inflaters not ended: {2}")
    @CsvSource({"60,40,INFO", "700,300,WARNING"})
    void zipStreamsNotEndedAreCountedWhateverTheirKind(int deflaters, int inflaters, Severity severity) throws IOException {
        List<Finding> f = findings(h -> {
            for (int i = 0; i < deflaters; i++) {
                h.deflater(false);
            }
            for (int i = 0; i < inflaters; i++) {
                h.inflater(false);
            }
            for (int i = 0; i < 50; i++) {
                h.inflater(true);
            }
        });
        assertThat(f).filteredOn(x -> x.id().equals("ZIP_STREAMS_NOT_ENDED")).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(severity);
            assertThat(x.title()).isEqualTo((deflaters + inflaters) + " Inflater/Deflater objects not ended");
            assertThat(x.evidence()).containsExactly(inflaters + " of " + (inflaters + 50) + " Inflaters not ended",
                    deflaters + " of " + deflaters + " Deflaters not ended");
            assertThat(x.culprit().className()).isEqualTo("java.util.zip.Deflater");
        });
    }

    @Test
    void ninetyNineOpenZipStreamsAreNoFinding() throws IOException {
        List<Finding> f = findings(h -> {
            for (int i = 0; i < 99; i++) {
                h.inflater(false);
            }
            for (int i = 0; i < 500; i++) {
                h.deflater(true);
            }
        });
        assertThat(f).extracting(Finding::id).doesNotContain("ZIP_STREAMS_NOT_ENDED");
    }
}
