package dev.offheap.parse.hprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.offheap.analyze.heap.HeapRules;
import dev.offheap.analyze.heap.HeapViews;
import dev.offheap.model.Finding;
import dev.offheap.model.InputException;
import dev.offheap.model.Parsed;
import dev.offheap.model.heap.DirectBufferSummary;
import dev.offheap.model.heap.HeapDumpFacts;
import dev.offheap.model.heap.HeapSummary;
import dev.offheap.testing.SyntheticHeap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeapDumpScannerTest {
    static final int KB = 1024;
    static final int MB = 1024 * 1024;

    @TempDir
    Path dir;

    /**
     * 3 owning buffers of 64 KiB held by a JNI global array, 1 slice of the first, 2 dropped owning buffers of
     * 4 MiB only their Cleaners point to, 1 cached 2 MiB buffer in the BufferCache of thread "io-3".
     */
    static byte[] buffersDump(int idSize, boolean classDumpsLast) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SyntheticHeap h = new SyntheticHeap(out, idSize, classDumpsLast)) {
            long a = h.directBuffer(64 * KB);
            long b = h.directBuffer(64 * KB);
            long c = h.directBuffer(64 * KB);
            long slice = h.slice(a, 1024);
            h.w.root(0x01, h.objectArray(a, b, c, slice), 0);
            h.directBuffer(4 * MB);
            h.directBuffer(4 * MB);
            long cached = h.directBuffer(2 * MB);
            long cache = h.instance(h.bufferCache, "buffers", h.objectArray(cached), "count", 1);
            h.thread("io-3", cache);
            h.rootCleaners();
            h.deflater(false);
            h.deflater(true);
            h.inflater(false);
        }
        return out.toByteArray();
    }

    private Path write(byte[] bytes, String name) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private Parsed<HeapDumpFacts> scan(Path p, boolean reachability) {
        return HeapDumpScanner.scan(p, new HeapDumpScanner.Options(reachability, dir));
    }

    @ParameterizedTest(name = "{0}-byte ids, class dumps last: {1}")
    @CsvSource({"8,false", "4,false", "8,true", "4,true"})
    void countsOwningViewsAndUnreachableBuffersIgnoringCleanerReferents(int idSize, boolean classDumpsLast) throws IOException {
        Parsed<HeapDumpFacts> p = scan(write(buffersDump(idSize, classDumpsLast), "b.hprof"), true);
        assertThat(p.warnings()).isEmpty();
        HeapSummary s = HeapViews.summarize(p.value());
        DirectBufferSummary b = s.directBuffers();
        assertThat(s.idSize()).isEqualTo(idSize);
        assertThat(s.partial()).isFalse();
        assertThat(b.count()).isEqualTo(7);
        assertThat(b.owning()).isEqualTo(6);
        assertThat(b.views()).isEqualTo(1);
        assertThat(b.owningCapacityBytes()).isEqualTo(3 * 64 * KB + 2 * 4 * MB + 2 * MB);
        assertThat(b.reachableOwning()).isEqualTo(4);
        assertThat(b.unreachableOwning()).isEqualTo(2);
        assertThat(b.unreachableCapacityBytes()).isEqualTo(8L * MB);
        assertThat(b.holders()).first().satisfies(h -> {
            assertThat(h.thread()).isEqualTo("io-3");
            assertThat(h.path()).isEqualTo("thread \"io-3\" -> sun.nio.ch.Util$BufferCache -> java.lang.Object[]");
            assertThat(h.capacityBytes()).isEqualTo(2L * MB);
        });
        assertThat(b.holders().get(1).path()).isEqualTo("java.lang.Object[] (jni global)");
        assertThat(b.holders().get(1).buffers()).isEqualTo(3);
        assertThat(s.zip().deflaters()).isEqualTo(2);
        assertThat(s.zip().deflatersNotEnded()).isEqualTo(1);
        assertThat(s.zip().inflatersNotEnded()).isEqualTo(1);
        assertThat(HeapRules.findings(s)).extracting(Finding::id).containsExactly("DISABLE_EXPLICIT_GC", "NIO_TEMP_BUFFER_CACHE");
    }

    @Test
    void viewsWithoutReachabilityLeaveReachabilityUnknown() throws IOException {
        HeapSummary s = HeapViews.summarize(scan(write(buffersDump(8, false), "b.hprof"), false).value());
        assertThat(s.directBuffers().owning()).isEqualTo(6);
        assertThat(s.directBuffers().reachableOwning()).isNull();
        assertThat(s.directBuffers().unreachableCapacityBytes()).isNull();
        assertThat(HeapRules.findings(s)).isEmpty();
    }

    @Test
    void truncatedDumpGivesPartialResultsWithTheOffset() throws IOException {
        byte[] full = buffersDump(8, false);
        int cut = full.length - 200;
        Parsed<HeapDumpFacts> p = scan(write(Arrays.copyOf(full, cut), "cut.hprof"), true);
        assertThat(p.value().partial()).isTrue();
        assertThat(p.warnings().get(0).toString()).startsWith("cut.hprof: byte " + cut + ": file ends inside the record"
                + " that starts at byte ").endsWith("(truncated dump); results are partial");
        assertThat(p.value().buffers()).isNotEmpty();
    }

    /** Wherever the file ends, a cut dump gets one warning, the truncation's (not also a sub-record's). */
    @Test
    void dumpCutAnywhereGivesOneTruncationWarning() throws IOException {
        byte[] full = buffersDump(4, false);
        int header = "JAVA PROFILE 1.0.2".length() + 1 + 4 + 8;
        int cuts = 0;
        for (int at = header + 1; at < full.length; at += 7) {
            int cut = at;
            Parsed<HeapDumpFacts> p = scan(write(Arrays.copyOf(full, cut), "cut.hprof"), true);
            assertThat(p.warnings()).as("cut at byte %d", cut).hasSizeLessThanOrEqualTo(1)
                    .allSatisfy(w -> assertThat(w.toString()).startsWith("cut.hprof: byte " + cut + ": file ends inside"));
            cuts += p.warnings().size();
        }
        assertThat(cuts).as("cuts inside a record").isGreaterThan(10);
    }

    @Test
    void dumpCutInsideTheHeaderIsAnInputError() throws IOException {
        Path p = write(Arrays.copyOf(buffersDump(8, false), 25), "head.hprof");
        assertThatThrownBy(() -> scan(p, false)).isInstanceOf(InputException.class)
                .hasMessage("head.hprof: byte 25: file ends inside the HPROF header (empty or truncated heap dump)");
    }

    @Test
    void notAHeapDumpIsAnInputError() throws IOException {
        Path p = write("hello world, this is text\n".getBytes(), "x.hprof");
        assertThatThrownBy(() -> scan(p, false)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("x.hprof: byte 0: not an HPROF heap dump (expected 'JAVA PROFILE 1.0.1' or '1.0.2'");
    }

    @Test
    void unknownSubRecordTagSkipsTheSegmentWithAWarning() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SyntheticHeap h = new SyntheticHeap(out, 8, false)) {
            h.directBuffer(KB);
            h.w.flushSegment();
            h.w.sub(1).put((byte) 0x7E);
            h.w.sub(8).putLong(0);
        }
        byte[] bytes = out.toByteArray();
        Parsed<HeapDumpFacts> p = scan(write(bytes, "bad.hprof"), false);
        long at = bytes.length - 9 - 9;
        assertThat(p.value().partial()).isTrue();
        assertThat(p.warnings()).hasSize(1);
        assertThat(p.warnings().get(0).toString()).isEqualTo("bad.hprof: byte " + at + ": unknown heap dump sub-record"
                + " tag 0x7e (corrupted dump?); skipped the rest of the segment, 9 bytes; results are partial");
        assertThat(p.value().buffers()).hasSize(1);
    }

    /**
     * An object array whose length passes the end of its segment: a fuzzed dump had one, which the ids pass stepped
     * over and the graph pass read into the end of the file, leaving a graph entry half written (a crash, or a walk
     * of whatever the reused native memory held). Every walk now stops before it, with a warning.
     */
    @ParameterizedTest(name = "followed by another segment: {0}")
    @CsvSource({"false", "true"})
    void subRecordPassingTheEndOfItsSegmentSkipsTheRestWithAWarning(boolean anotherSegment) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long at;
        try (SyntheticHeap h = new SyntheticHeap(out, 8, false)) {
            h.w.root(0x01, h.objectArray(h.directBuffer(KB)), 0);
            h.w.flushSegment();
            at = h.w.written() + 9;
            ByteBuffer b = h.w.sub(1 + 2 * 8 + 8);
            b.put((byte) 0x22);
            h.w.id(b, h.newId(16));
            b.putInt(0).putInt(4096);
            h.w.id(b, h.objectArray.id);
            h.w.flushSegment();
            if (anotherSegment) {
                h.directBuffer(2 * KB);
            }
        }
        byte[] bytes = out.toByteArray();
        long end = at + 1 + 2 * 8 + 8;
        Parsed<HeapDumpFacts> p = scan(write(bytes, "cut.hprof"), true);
        assertThat(p.value().partial()).isTrue();
        assertThat(p.warnings()).extracting(Object::toString).containsExactly("cut.hprof: byte " + at + ": a sub-record of"
                + " tag 0x22 passes byte " + end + ", the end of its " + (end == bytes.length ? "file" : "segment")
                + " (corrupted dump?); skipped the rest of the segment, " + (end - at) + " bytes; results are partial");
        HeapSummary s = HeapViews.summarize(p.value());
        assertThat(s.directBuffers().owning()).isEqualTo(anotherSegment ? 2 : 1);
        assertThat(s.directBuffers().holders()).first().satisfies(h ->
                assertThat(h.path()).isEqualTo("java.lang.Object[] (jni global)"));
    }

    /**
     * A class dump with the null id is no class ({@link HprofClasses} skips it). Its graph entry once took the code
     * of class index 0, so in a dump with no other class the walk indexed an empty class table.
     */
    @Test
    void classDumpWithTheNullIdIsNoClass() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (dev.offheap.testing.HprofWriter w = new dev.offheap.testing.HprofWriter(out, 8)) {
            w.classDump(0, 0, 0, 0, new long[0][], new long[0][]);
            w.root(0x05, 0, 0);
            w.instance(0x1000, 0, 0);
            w.root(0x05, 0x1000, 0);
            w.objectArray(0x2000, 0, new long[] {0x1000});
            w.root(0x01, 0x2000, 0);
        }
        Parsed<HeapDumpFacts> p = scan(write(out.toByteArray(), "null-class.hprof"), true);
        assertThat(p.warnings()).extracting(Object::toString)
                .containsExactly("null-class.hprof: 1 instances of classes that are not in the dump were skipped");
        assertThat(p.value().partial()).isFalse();
        assertThat(HeapViews.summarize(p.value()).directBuffers().count()).isZero();
    }

    @Test
    void readsGzipInputAndLeavesNoWorkFiles() throws IOException {
        Path gz = dir.resolve("b.hprof.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(buffersDump(8, false));
        }
        Path work = Files.createDirectory(dir.resolve("work"));
        HeapDumpFacts f = HeapDumpScanner.scan(gz, new HeapDumpScanner.Options(true, work)).value();
        assertThat(HeapViews.summarize(f).directBuffers().unreachableOwning()).isEqualTo(2);
        try (var s = Files.list(work)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void countsLoadersDuplicatesAccessorsMemberNamesAndZipStreams() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SyntheticHeap h = new SyntheticHeap(out, 8, false)) {
            for (int i = 0; i < 150; i++) {
                long loader = h.instance(h.delegatingLoader);
                h.define("jdk.internal.reflect.GeneratedMethodAccessor" + (i + 1), h.object, loader);
            }
            SyntheticHeap.Cls pluginLoader = h.define("com.acme.PluginLoader", h.classLoader, 0);
            for (int i = 0; i < 12; i++) {
                h.define("com.acme.Plugin", h.object, h.instance(pluginLoader));
            }
            for (int i = 0; i < 100_000; i++) {
                h.instance(h.memberName);
            }
            for (int i = 0; i < 120; i++) {
                h.deflater(i % 4 == 0);
            }
        }
        HeapSummary s = HeapViews.summarize(scan(write(out.toByteArray(), "l.hprof"), false).value());
        assertThat(s.reflection().delegatingClassLoaders()).isEqualTo(150);
        assertThat(s.reflection().generatedMethodAccessors()).isEqualTo(150);
        assertThat(s.duplicateClasses()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("com.acme.Plugin");
            assertThat(d.loaders()).isEqualTo(12);
        });
        assertThat(s.classLoaders()).filteredOn(t -> t.type().equals("com.acme.PluginLoader")).singleElement()
                .satisfies(t -> assertThat(t.loaders()).isEqualTo(12));
        assertThat(s.memberNames()).isEqualTo(100_000);
        assertThat(s.zip().deflaters()).isEqualTo(120);
        assertThat(s.zip().deflatersNotEnded()).isEqualTo(90);
        assertThat(HeapRules.findings(s)).extracting(Finding::id).containsExactlyInAnyOrder("DUPLICATE_CLASSES",
                "METHODHANDLE_MEMBERNAME_LEAK", "REFLECTION_ACCESSOR_LOADERS");
    }
}
