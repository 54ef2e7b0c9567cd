package dev.offheap.parse.profiles;

import dev.offheap.model.HeapProfile;
import dev.offheap.model.InputException;
import dev.offheap.model.Parsed;
import dev.offheap.model.PerfMap;
import dev.offheap.parse.jcmd.PerfMapParser;
import dev.offheap.parse.symbols.CxxNames;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** heap_v2, perf map and C++ name formats, from lines captured on this machine (jemalloc 5.3, JDK 17). */
public class HeapProfileFormatsTest {
    // excerpt of a real dump of the zstd-jni zoo under offheap run --jemalloc (two stacks, two mappings)
    public static final String HEAP = """
            heap_v2/131072
              t*: 514: 180703180 [0: 0]
              t1: 506: 180890429 [0: 0]
            @ 0x7f0681ea2630 0x7f0681ea2d21 0x7f061d6a3158 0x7f06700d260c
              t*: 25: 91750400 [0: 0]
              t1: 25: 91750400 [0: 0]
            @ 0x7f0681ea2630 0x7f067ffc0201
              t*: 1: 6134 [0: 0]
              t1: 1: 6134 [0: 0]

            MAPPED_LIBRARIES:
            7f061d600000-7f061d6ef000 r-xp 00000000 fe:00 2146908                    /tmp/libzstd-jni-1.5.7-616852167422515461490.so (deleted)
            7f067fe51000-7f0680ba4000 r-xp 00251000 fe:00 328261                     /usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so
            """;

    @Test
    void readsHeaderStacksAndMappedLibrariesOfHeapV2() {
        Parsed<HeapProfile> p = HeapV2Parser.parse(HEAP, "x.heap");
        assertThat(p.warnings()).isEmpty();
        HeapProfile h = p.value();
        assertThat(h.samplePeriodBytes()).isEqualTo(131072);
        assertThat(h.sampledCount()).isEqualTo(514);
        assertThat(h.sampledBytes()).isEqualTo(180703180);
        assertThat(h.stacks()).hasSize(2);
        assertThat(h.stacks().get(0).addresses()).containsExactly(0x7f0681ea2630L, 0x7f0681ea2d21L, 0x7f061d6a3158L, 0x7f06700d260cL);
        assertThat(h.stacks().get(0).sampledBytes()).isEqualTo(91750400);
        assertThat(h.mappedLibraries().mappings()).hasSize(2);
        assertThat(h.mappedLibraries().mappings().get(0).deleted()).isTrue();
        assertThat(h.mappedLibraries().find(0x7f061d6a3158L).orElseThrow().path())
                .isEqualTo("/tmp/libzstd-jni-1.5.7-616852167422515461490.so");
    }

    @Test
    void warnsAboutATruncatedCopyAndSkipsBadRecords() {
        String cut = HEAP.substring(0, HEAP.indexOf("MAPPED")).replace("@ 0x7f0681ea2630 0x7f067ffc0201", "@ 0x7f06zz");
        Parsed<HeapProfile> p = HeapV2Parser.parse(cut, "cut.heap");
        assertThat(p.value().stacks()).hasSize(1);
        assertThat(p.warnings()).extracting(Object::toString)
                .anyMatch(w -> w.startsWith("cut.heap:7: expected hex addresses after '@'"))
                .anyMatch(w -> w.contains("no MAPPED_LIBRARIES section (truncated copy?)"));
    }

    @Test
    void refusesOtherFormatsWithPlace() {
        assertThatThrownBy(() -> HeapV2Parser.parse("heap profile: 1: 2 [3: 4] @ heapprofile\n", "old.heap"))
                .isInstanceOf(InputException.class)
                .hasMessage("old.heap:1: expected 'heap_v2/<sample period>' (jemalloc 4/5 heap profile), found: \"heap profile: 1: 2 [3: 4] @ heapprofile\"");
        assertThat(HeapV2Parser.sniff("heap_v2/524288\n".getBytes())).isTrue();
        assertThat(HeapV2Parser.sniff("MAPPED".getBytes())).isFalse();
    }

    @Test
    void findsJitBlobsInAPerfMap() {
        PerfMap m = PerfMapParser.parse("""
                0x00007f06700d2520 0x0000000000000208 int com.github.luben.zstd.ZstdOutputStreamNoFinalizer.compressStream(long, byte[], int, byte[], int)
                0x00007f0668000000 0x0000000000000400 Interpreter
                garbage
                """, "perf-1.map").value();
        assertThat(m.find(0x7f06700d260cL).orElseThrow().name()).startsWith("int com.github.luben.zstd.ZstdOutputStreamNoFinalizer.compressStream(");
        assertThat(m.find(0x7f0668000010L).orElseThrow().name()).isEqualTo("Interpreter");
        assertThat(m.find(0x7f06700d2728L)).isEmpty();
    }

    @Test
    void shortensCxxNamesAsJeprofShowsThem() {
        assertThat(CxxNames.shorten("_ZN2os6mallocEm8MEMFLAGSRK15NativeCallStack")).isEqualTo("os::malloc");
        assertThat(CxxNames.shorten("_ZN5ArenaC2E8MEMFLAGSm")).isEqualTo("Arena::Arena");
        assertThat(CxxNames.shorten("_ZThn8_N12LIRGenerator8block_doEP10BlockBegin")).isEqualTo("LIRGenerator::block_do");
        assertThat(CxxNames.shorten("_ZN15ciInstanceKlass24compute_nonstatic_fieldsEv.part.0"))
                .isEqualTo("ciInstanceKlass::compute_nonstatic_fields [clone .part.0]");
        assertThat(CxxNames.shorten("_ZN26GrowableArrayWithAllocatorIP5ValueE4growEi")).isEqualTo("GrowableArrayWithAllocator::grow");
        assertThat(CxxNames.shorten("ZSTD_resetCCtx_internal.lto_priv.0")).isEqualTo("ZSTD_resetCCtx_internal.lto_priv.0");
    }
}
