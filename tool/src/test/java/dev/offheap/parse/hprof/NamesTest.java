package dev.offheap.parse.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.testing.SyntheticHeap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thread names read back from the dump: Latin-1 and UTF-16 byte[] strings (JDK 9+) and char[] strings (JDK 8), whether
 * the String and its array come before or after the thread that names it.
 */
class NamesTest {
    @TempDir
    Path dir;

    @Test
    void readsLatin1Utf16AndCharArrayNamesInAnyOrder() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long latin1;
        long utf16;
        long chars;
        try (SyntheticHeap h = new SyntheticHeap(out, 8, false)) {
            latin1 = h.thread("io-3", 0);
            // the name and its array after the thread
            long laterName = h.newId(32);
            utf16 = h.instance(h.thread, "name", laterName);
            byte[] text = "wörker-€".getBytes(StandardCharsets.UTF_16LE);
            h.instanceAt(laterName, h.string, "value", h.bytes(text), "coder", 1);
            long charArray = h.newId(16 + 2 * 6);
            byte[] jdk8 = "legacy".getBytes(StandardCharsets.UTF_16BE);
            h.w.primitiveArray(charArray, BasicType.CHAR, 6, jdk8);
            chars = h.instance(h.thread, "name", h.instance(h.string, "value", charArray));
        }
        Path p = dir.resolve("names.hprof");
        Files.write(p, out.toByteArray());
        try (HprofFile f = HprofFile.open(p, dir);
             HeapFactsCollector c = new HeapFactsCollector(new HprofClasses())) {
            c.classes.idSize(8);
            new HprofReader(f).walk(c);
            Names names = new Names(f, c);
            assertThat(names.text(c.threadNames.get(latin1))).isEqualTo("io-3");
            assertThat(names.text(c.threadNames.get(utf16))).isEqualTo("wörker-€");
            assertThat(names.text(c.threadNames.get(chars))).isEqualTo("legacy");
        }
    }
}
