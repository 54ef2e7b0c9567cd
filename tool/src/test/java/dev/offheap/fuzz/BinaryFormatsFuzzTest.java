package dev.offheap.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.offheap.analyze.heap.HeapViews;
import dev.offheap.model.Parsed;
import dev.offheap.model.heap.HeapDumpFacts;
import dev.offheap.parse.hprof.HeapDumpScanner;
import dev.offheap.parse.proc.HsperfdataParser;
import dev.offheap.parse.symbols.ElfSymbols;
import dev.offheap.redact.Redactor;
import dev.offheap.saved.JfrRecordingReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Binary inputs: hsperfdata files (read, and rewritten as redaction does), ELF libraries (symbols, build id, DWARF), HPROF
 * heap dumps (plain and .gz), JFR recordings, fuzzed.
 * Their size fields are the risk: a 4-byte length of 2 GiB must be refused, not allocated (the fuzz runs of
 * scripts/fuzz give the JVM a heap of 512 MiB, so such an allocation fails as an OutOfMemoryError).
 */
class BinaryFormatsFuzzTest {
    /** Read, and its strings rewritten in place as redaction does: same size, the same counters, stable when done twice. */
    @FuzzTest(maxDuration = "60s")
    void hsperfdata(byte[] data) {
        Untrusted.parse(() -> HsperfdataParser.parse(data, "hsperfdata"));
        Redactor r = Redactor.standard();
        Untrusted.read(() -> {
            byte[] rewritten = HsperfdataParser.rewriteStrings(data, "hsperfdata", r::perfCounter);
            check(rewritten.length == data.length, "the file changed size");
            check(Arrays.equals(HsperfdataParser.rewriteStrings(rewritten, "hsperfdata", r::perfCounter), rewritten),
                    "rewriting the strings again changed them");
            check(HsperfdataParser.parse(rewritten, "hsperfdata").value().values().keySet()
                    .equals(HsperfdataParser.parse(data, "hsperfdata").value().values().keySet()), "counters lost");
        });
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void elf(byte[] data) {
        Untrusted.read(() -> {
            ElfSymbols elf = ElfSymbols.parse(ByteBuffer.wrap(data), "libfuzz.so");
            elf.buildId();
            for (long vaddr : new long[] {0, 0x1000, 0x1139, 0x4000, data.length}) {
                elf.lookup(vaddr);
                elf.nmNameAt(vaddr);
                elf.vaddrOfFileOffset(vaddr);
                elf.dwarf().ifPresent(d -> d.lookup(vaddr));
            }
        });
    }

    /**
     * A JFR recording through the chunk walk and the JDK's own reader (jdk.jfr.consumer) into a watch's recording:
     * whatever the JDK's parser throws on corrupt bytes must end as a warning or one input error, never hang.
     */
    @FuzzTest(maxDuration = "60s")
    void jfr(byte[] data) throws IOException {
        Path dir = Scratch.empty();
        Path file = dir.resolve("fuzz.jfr");
        Files.write(file, data);
        Untrusted.parse(() -> JfrRecordingReader.read(file));
    }

    /** A heap dump through the whole scan (with reachability) and the views; nothing may stay in the temp folder. */
    @FuzzTest(maxDuration = "120s")
    void hprof(byte[] data) throws IOException {
        Path dir = Scratch.empty();
        Path dump = dir.resolve("fuzz.hprof");
        Files.write(dump, data);
        Untrusted.read(() -> {
            Parsed<HeapDumpFacts> p = HeapDumpScanner.scan(dump, new HeapDumpScanner.Options(true, dir));
            p.warnings().forEach(w -> Untrusted.oneLine("warning", w.toString()));
            HeapViews.summarize(p.value());
        });
        List<Path> left = Scratch.leftovers(dir, List.of(dump));
        if (!left.isEmpty()) {
            throw new UncheckedIOException(new IOException("the heap scan left files behind: " + left));
        }
    }
}
