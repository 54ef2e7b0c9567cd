package dev.offheap.parse.nmt;

import dev.offheap.model.InputException;
import dev.offheap.model.NmtReport;
import dev.offheap.model.NmtTag;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import static dev.offheap.parse.nmt.NmtFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Truncated, corrupted, binary and empty inputs. */
class NmtParserBadInputTest {
    @Test
    void rejectsAnEmptyFile() {
        assertThatThrownBy(() -> parse("empty.txt")).isInstanceOf(InputException.class)
                .hasMessage("empty.txt: empty file, expected 'Native Memory Tracking:'");
    }

    @Test
    void rejectsBinaryGarbage() {
        assertThatThrownBy(() -> parse("binary.bin")).isInstanceOf(InputException.class)
                .hasMessageStartingWith("binary.bin:1: binary data");
    }

    @Test
    void rejectsAnotherFormatWithLineAndFoundText() {
        assertThatThrownBy(() -> NmtParser.parse("123:\n\nHeap\n garbage-first heap\n", "x.txt"))
                .isInstanceOf(InputException.class)
                .hasMessage("x.txt:3: expected 'Native Memory Tracking:', found: \"Heap\"");
    }

    @Test
    void rejectsAMissingFile() {
        assertThatThrownBy(() -> NmtParser.parse(Path.of("/nonexistent/nmt.txt"))).isInstanceOf(InputException.class)
                .hasMessage("/nonexistent/nmt.txt: no such file");
    }

    @Test
    void keepsWhatARecordedCutJdk8SummaryHolds() {
        Parsed<NmtReport> p = parse("jdk8-summary-cut-recorded.txt");
        assertThat(p.value().truncated()).isTrue();
        assertThat(p.value().category(NmtTag.JAVA_HEAP).orElseThrow().reservedBytes()).isEqualTo(524288L * 1024);
        assertThat(p.value().category(NmtTag.CLASS).orElseThrow().classes().classes().count()).isEqualTo(338);
        assertThat(p.warnings()).extracting(ParseWarning::toString)
                .contains("jdk8-summary-cut-recorded.txt:10: truncated: the last line has no line end");
    }

    @Test
    void keepsWhatASummaryCutMidLineHolds() {
        Parsed<NmtReport> p = parse("jdk25-summary-cut.txt");
        assertThat(p.value().truncated()).isTrue();
        assertThat(p.value().categories()).extracting(c -> c.tag()).contains(NmtTag.JAVA_HEAP, NmtTag.CLASS, NmtTag.THREAD);
        assertThat(p.warnings()).anyMatch(w -> w.message().startsWith("truncated"));
    }

    @Test
    void keepsRegionsReadBeforeADetailCutInTheMap() {
        Parsed<NmtReport> p = parse("jdk17-detail-cut-in-map.txt");
        assertThat(p.value().truncated()).isTrue();
        assertThat(p.value().virtualMemoryMap()).hasSize(2);
        assertThat(p.value().virtualMemoryMap().get(1).committed()).hasSize(3);
        assertThat(p.warnings()).extracting(ParseWarning::message).contains("truncated: the report ends before 'Details:'");
    }

    @Test
    void saysWhenADetailEndsInsideACallSite() {
        Parsed<NmtReport> p = parse("jdk25-detail-cut-in-sites.txt");
        assertThat(p.value().truncated()).isTrue();
        assertThat(p.value().mallocSites()).hasSize(6);
        assertThat(p.warnings()).extracting(ParseWarning::message)
                .containsExactly("truncated: the report ends inside a call site (frames without a value)");
    }

    @Test
    void warnsPerCorruptedRecordAndGoesOn() {
        Parsed<NmtReport> p = parse("jdk17-summary-garbage-numbers.txt");
        assertThat(p.value().truncated()).isFalse();
        assertThat(p.warnings()).extracting(ParseWarning::toString).containsExactly(
                "jdk17-summary-garbage-numbers.txt:15: bad count '#27z4' in \"(classes #27z4)\"",
                "jdk17-summary-garbage-numbers.txt:31: bad unit in 'malloc=3x2KB' in \"(malloc=3x2KB #130) (peak=40KB #134)\"",
                "jdk17-summary-garbage-numbers.txt:42: bad number 'reserved=' in"
                        + " \"-                  Compiler (reserved=, committed=190KB)\"");
        assertThat(p.value().category(NmtTag.CLASS).orElseThrow().classes()).isNull();
        assertThat(p.value().category(NmtTag.COMPILER)).isEmpty();
        assertThat(p.value().category(NmtTag.THREAD).orElseThrow().arena().bytes().bytes()).isEqualTo(23 * 1024);
        assertThat(p.value().categories()).hasSize(18);
    }

    @Test
    void skipsBinaryBytesInsideAReport() {
        Parsed<NmtReport> p = parse("jdk17-summary-binary-inside.txt");
        assertThat(p.warnings()).isNotEmpty().allMatch(w -> w.line() >= 32 && w.line() <= 36);
        assertThat(p.value().category(NmtTag.CODE)).isPresent();
        assertThat(p.value().category(NmtTag.OBJECT_MONITORS)).isPresent();
    }
}
