package dev.offheap.parse;

import dev.offheap.model.ClassStats;
import dev.offheap.model.CodeCacheUsage;
import dev.offheap.parse.jcmd.ClassStatsParser;
import dev.offheap.parse.jcmd.CodeCacheParser;
import dev.offheap.parse.profiles.JemallocVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class WatchParsersTest {
    @Test
    void readsTheSegmentedCodeCacheOfJdk17AndTheFullState() {
        // recorded from OpenJDK 17.0.15 (jcmd PID Compiler.codecache), compilation line as printed when full
        String text = """
                CodeHeap 'non-profiled nmethods': size=120036Kb used=2Kb max_used=2Kb free=120033Kb
                 bounds [0x00007febb8ec7000, 0x00007febb9137000, 0x00007febc0400000]
                CodeHeap 'profiled nmethods': size=120032Kb used=5Kb max_used=5Kb free=120026Kb
                 bounds [0x00007febb1400000, 0x00007febb1670000, 0x00007febb8938000]
                CodeHeap 'non-nmethods': size=5692Kb used=1033Kb max_used=1033Kb free=4658Kb
                 bounds [0x00007febb8938000, 0x00007febb8ba8000, 0x00007febb8ec7000]
                 total_blobs=289 nmethods=7 adapters=197
                 compilation: disabled (not enough contiguous free space left)
                """;
        assertThat(CodeCacheParser.parse(text)).contains(new CodeCacheUsage(1040L * 1024, 245760L * 1024, false));
        assertThat(CodeCacheParser.parse("CodeCache: size=245760Kb used=1573Kb max_used=1573Kb free=244186Kb\n compilation: enabled"))
                .contains(new CodeCacheUsage(1573L * 1024, 245760L * 1024, true));
        assertThat(CodeCacheParser.parse("Unknown diagnostic command")).isEmpty();
    }

    @Test
    void readsTheFullCodeCacheOfJdk25WhoseCompilationLineIsCapitalised() {
        // recorded from Temurin 25.0.3 (jcmd PID Compiler.codecache) of zoo.CodeCacheFill with ReservedCodeCacheSize=4m
        String text = """
                CodeCache: size=4096Kb used=3518Kb max_used=4095Kb free=577Kb
                 bounds [0x00007fe313000000, 0x00007fe313400000, 0x00007fe313400000]
                 total_blobs=2987, nmethods=2546, adapters=347, full_count=1
                Compilation: disabled (not enough contiguous free space left), stopped_count=0, restarted_count=0
                """;
        assertThat(CodeCacheParser.parse(text)).contains(new CodeCacheUsage(3518L * 1024, 4096L * 1024, false));
    }

    @Test
    void reducesLoaderStatsAndHistogramToLoaderTypesDuplicatesAndAccessors() {
        String loaders = """
                ClassLoader         Parent              CLD*               Classes   ChunkSz   BlockSz  Type
                0x00007feb5307af08  0x00007feb5307d1e8  0x00007febc80be2c0       2       768       414  jdk.internal.loader.ClassLoaders$AppClassLoader
                0x00007feb5307b000  0x00007feb5307af08  0x00007febc80be400       1       768       414  jdk.internal.reflect.DelegatingClassLoader
                0x00007feb5307c000  0x00007feb5307af08  0x00007febc80be500       1       768       414  jdk.internal.reflect.DelegatingClassLoader
                0x0000000000000000  0x0000000000000000  0x00007febc8084160     492    557056     10042  <boot class loader>
                Total = 4                                                      496    559360     11284
                """;
        String histogram = """
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:          7203         332816  [B (java.base@17.0.15)
                   2:             3             48  dev.Plugin
                   3:             1             16  dev.Plugin
                   4:             1             16  jdk.internal.reflect.GeneratedMethodAccessor1 (java.base@17.0.15)
                   5:            12            384  sun.nio.ch.Util$BufferCache (java.base@17.0.15)
                Total         7220         333280
                """;
        ClassStats s = ClassStatsParser.parse(loaders, histogram);
        assertThat(s.loaders("jdk.internal.reflect.DelegatingClassLoader")).isEqualTo(2);
        assertThat(s.classesByLoaderType()).containsEntry("<boot class loader>", 492L);
        assertThat(s.duplicateClasses()).containsExactly(java.util.Map.entry("dev.Plugin", 2L));
        assertThat(s.generatedAccessors()).isEqualTo(1);
        assertThat(s.nioBufferCaches()).isEqualTo(12);
    }

    @Test
    void findsJemallocsVersionStringInsideTheLibraryBytes() {
        byte[] lib = ("\u007fELF\0\0garbage\0JEMALLOC_VERSION\0" + "5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c\0more")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(JemallocVersion.find(lib)).contains("5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c");
        assertThat(JemallocVersion.find("no version here 1.2".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
    }
}
