package dev.offheap.saved;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.offheap.analyze.RecordingAnalyzer;
import dev.offheap.model.Finding;
import dev.offheap.model.InputException;
import dev.offheap.model.Parsed;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import dev.offheap.model.WatchReport;
import dev.offheap.parse.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JFR recordings read into a watch's recording: real captures of zoo leaks with JFR's default settings (see
 * fixtures/SOURCES.md), and copies of them cut short or left unfinished, made here.
 */
class JfrRecordingReaderTest {
    private static final String ZIP_25 = "jfr/jdk25-zip-leak.jfr";
    private static final String ZIP_17 = "jfr/jdk17-zip-leak.jfr";
    private static final String DIRECT_25 = "jfr/jdk25-direct-leak-nmt-summary.jfr";

    @TempDir
    Path tmp;

    @Test
    void aJdk25RecordingOfAZipLeakReadsAsAWatchThatFindsNativeMallocGrowth() {
        Parsed<Recording> p = JfrRecordingReader.read(Fixtures.path(ZIP_25));
        Recording r = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(r.pid()).isEqualTo(1); // recorded in a PID namespace of its own
        assertThat(r.version().major()).isEqualTo(25);
        assertThat(r.version().text()).isEqualTo("25.0.3+9-LTS");
        assertThat(r.nmtMode()).isEqualTo("off");
        assertThat(r.jvmFlags().longValue("MaxHeapSize")).hasValue(128L << 20);
        assertThat(r.samples()).hasSizeGreaterThan(15).allMatch(s -> s.rssBytes() != null);
        // one sample a second, as jdk.ResidentSetSize is recorded
        List<Sample> s = r.samples();
        assertThat((s.get(s.size() - 1).takenAtMillis() - s.get(0).takenAtMillis()) / (s.size() - 1)).isBetween(900L, 1100L);
        for (Sample x : s) {
            assertThat(x.residentBytes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(x.rssBytes());
        }
        assertThat(s.get(s.size() - 1).resident(dev.offheap.model.MemoryCategory.UNEXPLAINED))
                .isGreaterThan(s.get(0).resident(dev.offheap.model.MemoryCategory.UNEXPLAINED) + (100L << 20));
        WatchReport w = RecordingAnalyzer.analyze(r);
        assertThat(firstSerious(w).id()).isEqualTo("NATIVE_MALLOC_GROWTH");
        assertThat(w.notes()).anyMatch(n -> n.startsWith("read from a JDK Flight Recorder recording (1 chunk,")
                && n.contains("JFR has no memory map"));
    }

    @Test
    void aJdk17RecordingHasNoRssSoItSaysWhatCannotBeSeenAndClaimsNoGrowth() {
        Recording r = JfrRecordingReader.read(Fixtures.path(ZIP_17)).value();
        assertThat(r.version().major()).isEqualTo(17);
        assertThat(r.samples()).hasSizeGreaterThan(15)
                .allMatch(s -> s.rssBytes() == null && s.residentBytes().isEmpty() && s.liveThreads() != null);
        assertThat(r.samples().get(0).committedBytes()).containsEntry("java-heap", 128L << 20);
        WatchReport w = RecordingAnalyzer.analyze(r);
        assertThat(w.findings()).allMatch(f -> f.severity() == Severity.INFO);
        assertThat(w.notes()).anyMatch(n -> n.startsWith("RSS is not in this recording (jdk.ResidentSetSize is recorded"
                + " from JDK 21 on): growth outside the heap, metaspace, code cache and direct buffers"));
        assertThat(w.growth()).anyMatch(g -> g.name().equals("java-heap (committed)")).noneMatch(g -> g.name().equals("rss"));
    }

    @Test
    void nmtsCategoriesOfAJdk25RecordingAreReadEverySecondBesideTheDirectPool() {
        Recording r = JfrRecordingReader.read(Fixtures.path(DIRECT_25)).value();
        assertThat(r.nmtMode()).isEqualTo("summary");
        Sample last = r.samples().get(r.samples().size() - 1);
        assertThat(last.nmtCommittedBytes()).containsKeys("Java Heap", "Other", "Class", "Thread", "Code");
        assertThat(r.samples()).allMatch(s -> !s.nmtCommittedBytes().isEmpty());
        assertThat(last.residentBytes()).containsKeys("direct-buffers", "unsafe", "malloc-jvm", "unexplained");
        WatchReport w = RecordingAnalyzer.analyze(r);
        Finding first = firstSerious(w);
        assertThat(first.id()).isEqualTo("DIRECT_BUFFER_GROWTH");
        // NMT's Other (every second) minus the pool (every 5 s), and RSS minus the rows, stay flat: no other growth
        assertThat(w.findings()).extracting(Finding::id).doesNotContain("UNSAFE_MEMORY_GROWTH", "NATIVE_MALLOC_GROWTH");
        assertThat(first.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(first.evidence().get(0)).startsWith("direct buffer pool used from ");
    }

    @Test
    void aRecordingCutInItsSecondChunkIsReadUpToTheFirstWithAWarningThatSaysWhere() throws IOException {
        byte[] one = Files.readAllBytes(Fixtures.path(ZIP_25));
        // a file is a sequence of chunks: two chunks, the second cut in its middle
        byte[] two = Arrays.copyOf(one, one.length + one.length / 2);
        System.arraycopy(one, 0, two, one.length, one.length / 2);
        Path cut = Files.write(tmp.resolve("cut.jfr"), two);
        Parsed<Recording> p = JfrRecordingReader.read(cut);
        assertThat(p.warnings()).hasSize(1);
        assertThat(p.warnings().get(0).toString()).startsWith(cut + ": cut at byte " + two.length + " inside chunk 2 (from byte "
                + one.length + ", " + one.length + " bytes long by its header, " + one.length / 2 + " present; the JDK's reader"
                + " needs a chunk's end, where its metadata is): read up to the end of chunk 1, the last event read at 20");
        assertThat(p.value().samples()).hasSameSizeAs(JfrRecordingReader.read(Fixtures.path(ZIP_25)).value().samples());
    }

    @Test
    void aRecordingWithItsOnlyChunkCutShortCannotBeReadAndSaysWhereItEnds() throws IOException {
        byte[] one = Files.readAllBytes(Fixtures.path(ZIP_25));
        Path cut = Files.write(tmp.resolve("cut.jfr"), Arrays.copyOf(one, 100_000));
        assertThatThrownBy(() -> JfrRecordingReader.read(cut)).isInstanceOf(InputException.class)
                .hasMessage(cut + ": cut at byte 100000 inside chunk 1 (from byte 0, " + one.length + " bytes long by its"
                        + " header, 100000 present; the JDK's reader needs a chunk's end, where its metadata is): nothing"
                        + " can be read");
        Path header = Files.write(tmp.resolve("header.jfr"), Arrays.copyOf(one, 40));
        assertThatThrownBy(() -> JfrRecordingReader.read(header)).isInstanceOf(InputException.class)
                .hasMessage(header + ": cut at byte 40 inside the header of its first chunk: nothing can be read");
    }

    @Test
    void aChunkItsJvmNeverFinishedIsReadUpToItsLastFlushWithAWarning() throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.path(ZIP_25));
        bytes[64] = 3; // the file state a JVM leaves in the header of the chunk it writes when it is killed
        Path killed = Files.write(tmp.resolve("killed.jfr"), bytes);
        Parsed<Recording> p = JfrRecordingReader.read(killed);
        assertThat(p.warnings()).hasSize(1);
        assertThat(p.warnings().get(0).toString()).startsWith(killed + ": chunk 1 (from byte 0) was never finished: its JVM"
                + " was killed or crashed while recording; read up to its last flush, the last event read at 20");
        assertThat(p.value().samples()).isNotEmpty();
    }

    @Test
    void aChunkTheJdksReaderWouldWaitForEndsWhatIsReadWithoutWaiting() throws IOException {
        byte[] one = Files.readAllBytes(Fixtures.path(ZIP_25));
        byte[] two = Arrays.copyOf(one, 2 * one.length);
        System.arraycopy(one, 0, two, one.length, one.length);
        two[one.length + 64] = (byte) 255; // the second chunk's header "being rewritten"
        Path updating = Files.write(tmp.resolve("updating.jfr"), two);
        Parsed<Recording> p = JfrRecordingReader.read(updating);
        assertThat(p.warnings()).extracting(Object::toString).singleElement().asString().startsWith(updating + ": chunk 2"
                + " (from byte " + one.length + ") was left while its JVM rewrote its header (file state 255): the JDK's"
                + " reader would wait for it: read up to the end of chunk 1, the last event read at 20");
        assertThat(p.value().samples()).isNotEmpty();
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(s.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("offheap-jfr-chunks-"));
        }
        byte[] empty = one.clone();
        empty[64] = 1; // unfinished,
        Arrays.fill(empty, 24, 32, (byte) 0); // and no metadata yet
        Path begun = Files.write(tmp.resolve("begun.jfr"), empty);
        assertThatThrownBy(() -> JfrRecordingReader.read(begun)).isInstanceOf(InputException.class).hasMessage(begun
                + ": chunk 1 (from byte 0) was never finished and holds no metadata yet: the JDK's reader would wait for"
                + " it: nothing can be read");
    }

    @Test
    void aFileThatIsNotJfrOrOfAnotherFormatVersionIsOneInputError() throws IOException {
        Path text = Files.writeString(tmp.resolve("not.jfr"), "hello\n");
        assertThatThrownBy(() -> JfrRecordingReader.read(text)).isInstanceOf(InputException.class)
                .hasMessage(text + ": not a JDK Flight Recorder recording (no 'FLR' chunk header at byte 0)");
        byte[] bytes = Files.readAllBytes(Fixtures.path(ZIP_25));
        bytes[5] = 9; // major version 9
        Path future = Files.write(tmp.resolve("future.jfr"), bytes);
        assertThatThrownBy(() -> JfrRecordingReader.read(future)).isInstanceOf(InputException.class)
                .hasMessage(future + ": JDK Flight Recorder format 9.1 is not supported (JDK 11 to 25 write 2.x)");
        assertThat(FormatSniffer.sniff(Arrays.copyOf(bytes, 16))).isEqualTo(FileFormat.JFR);
        assertThat(FormatSniffer.sniff("hello".getBytes(StandardCharsets.US_ASCII))).isEqualTo(FileFormat.UNKNOWN);
    }

    @Test
    void bytesAfterTheLastChunkThatAreNotAChunkAreWarnedAboutAndTheChunksRead() throws IOException {
        byte[] one = Files.readAllBytes(Fixtures.path(ZIP_25));
        byte[] tail = Arrays.copyOf(one, one.length + 100);
        Path file = Files.write(tmp.resolve("tail.jfr"), tail);
        Parsed<Recording> p = JfrRecordingReader.read(file);
        assertThat(p.warnings()).extracting(Object::toString).containsExactly(file + ": 100 bytes after the end of chunk 1"
                + " (byte " + one.length + ") are not a chunk: read up to the end of chunk 1, the last event read at "
                + java.time.Instant.ofEpochMilli(lastEventMillis(one)) + "; what follows is lost");
    }

    private long lastEventMillis(byte[] recording) throws IOException {
        Path f = Files.write(tmp.resolve("whole.jfr"), recording);
        long last = Long.MIN_VALUE;
        for (var e : jdk.jfr.consumer.RecordingFile.readAllEvents(f)) {
            if (new JfrEvents().handlers().containsKey(e.getEventType().getName())) {
                last = Math.max(last, e.getStartTime().toEpochMilli());
            }
        }
        return last;
    }

    private static Finding firstSerious(WatchReport w) {
        return w.findings().stream().filter(f -> f.severity() != Severity.INFO).findFirst()
                .orElseThrow(() -> new AssertionError("no warning or critical finding: " + w.findings()));
    }
}
