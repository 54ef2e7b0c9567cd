package dev.offheap.analyze;

import dev.offheap.model.ClassCounters;
import dev.offheap.model.ClassNames;
import dev.offheap.model.ClassStats;
import dev.offheap.model.Finding;
import dev.offheap.model.InputException;
import dev.offheap.model.Parsed;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import dev.offheap.report.RecordingJson;
import dev.offheap.saved.RecordingReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static dev.offheap.analyze.Recordings.MIB;
import static dev.offheap.analyze.Recordings.map;
import static dev.offheap.analyze.Recordings.recording;
import static dev.offheap.analyze.Recordings.sample;
import static dev.offheap.analyze.Recordings.samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordingRoundTripTest {
    private static final Finding ARENAS = new Finding("GLIBC_ARENAS", Severity.WARNING, "glibc malloc arenas hold 60 MiB",
            "summary", List.of("15 arenas"), "MALLOC_ARENA_MAX=2", null);

    private static Recording leaking() {
        ClassStats stats = new ClassStats(map("dev.Loader", 40), map("dev.Loader", 40), map("dev.Plugin", 40), 0, 0);
        List<Sample> s = samples(8, i -> sample(i, 300 * MIB + i * 6 * MIB, map("direct-buffers", 20 * MIB + i * 6 * MIB),
                map("java-heap", 256 * MIB), map("Other", 20 * MIB + i * 6 * MIB), 20 * MIB + i * 6 * MIB, 15L, 1000L,
                i == 7 ? stats : null));
        return recording("17.0.15+6", "summary", Map.of(), s).withSamples(s, List.of(ARENAS));
    }

    private static String write(Recording r) {
        StringBuilder sb = new StringBuilder(RecordingJson.header(r, "test")).append('\n');
        r.samples().forEach(s -> sb.append(RecordingJson.sample(s)).append('\n'));
        return sb.append(RecordingJson.finalFindings(r.finalFindings())).append('\n').toString();
    }

    @Test
    void aRecordingReadBackGivesTheSameFindings() {
        Recording r = leaking();
        Parsed<Recording> back = RecordingReader.parse(write(r), "rec.jsonl");
        assertThat(back.warnings()).isEmpty();
        assertThat(back.value().samples()).isEqualTo(r.samples());
        assertThat(RecordingAnalyzer.analyze(back.value()).findings()).isEqualTo(RecordingAnalyzer.analyze(r).findings());
        assertThat(RecordingAnalyzer.analyze(back.value()).findings()).extracting(Finding::id)
                .startsWith("DIRECT_BUFFER_GROWTH").contains("GLIBC_ARENAS", "DUPLICATE_CLASSES");
    }

    @Test
    void aTornLastLineIsSkippedWithAWarning() {
        String text = write(leaking());
        String[] lines = text.split("\n");
        String torn = String.join("\n", List.of(lines).subList(0, 8)) + "\n" + lines[8].substring(0, 40);
        Parsed<Recording> back = RecordingReader.parse(torn, "rec.jsonl");
        assertThat(back.value().samples()).hasSize(7);
        assertThat(back.value().finalFindings()).isNull();
        assertThat(back.warnings()).hasSize(1);
        assertThat(back.warnings().get(0).toString()).startsWith("rec.jsonl:9: torn last line");
        assertThat(RecordingAnalyzer.analyze(back.value()).notes()).anyMatch(n -> n.startsWith("no final snapshot in the recording"));
    }

    @Test
    void aFinalFindingThisVersionDoesNotCatalogIsSkippedWithAWarningAndTheOthersKept() {
        String[] lines = write(leaking()).split("\n");
        String last = lines[lines.length - 1];
        // a recording of a newer offheap: an id it does not know, and a known id at a severity its catalog entry lacks
        String newer = last.replace("\"findings\":[", "\"findings\":[{\"id\":\"SOME_FUTURE_FINDING\",\"severity\":\"warning\","
                + "\"title\":\"t\",\"summary\":\"s\",\"evidence\":[],\"remedy\":\"r\"},{\"id\":\"NMT_OFF\","
                + "\"severity\":\"critical\",\"title\":\"t\",\"summary\":\"s\",\"evidence\":[],\"remedy\":\"r\"},");
        assertThat(newer).isNotEqualTo(last);
        lines[lines.length - 1] = newer;
        Parsed<Recording> back = RecordingReader.parse(String.join("\n", lines) + "\n", "rec.jsonl");
        assertThat(back.value().finalFindings()).containsExactly(ARENAS);
        assertThat(back.warnings()).extracting(Object::toString).containsExactly(
                "rec.jsonl:" + lines.length + ": finding \"SOME_FUTURE_FINDING\" at \"warning\" is not one this version knows, skipped",
                "rec.jsonl:" + lines.length + ": finding \"NMT_OFF\" at \"critical\" is not one this version knows, skipped");
    }

    /** Found by fuzzing: one sample dated 9e18 ms stretched the chart's time axis into an OutOfMemoryError. */
    @Test
    void aSampleWithAnImpossibleOrBackwardTimeIsSkippedWithAWarning() {
        String[] lines = write(leaking()).split("\n");
        lines[3] = lines[3].replaceFirst("\"t\":\\d+", "\"t\":9000000000000000000");
        lines[5] = lines[5].replaceFirst("\"t\":\\d+", "\"t\":1700000000000");
        Parsed<Recording> back = RecordingReader.parse(String.join("\n", lines) + "\n", "rec.jsonl");
        assertThat(back.value().samples()).hasSize(lines.length - 1 - 1 - 2); // header, final line, two skipped
        assertThat(back.warnings()).extracting(Object::toString).containsExactly(
                "rec.jsonl:4: sample time t=9000000000000000000 is not a time between the years 2000 and 9999, skipped",
                "rec.jsonl:6: sample time t=1700000000000 is before the previous sample's (1700000003000), skipped");
    }

    @Test
    void theClassCountersHiddenRowsAndNamesSurviveTheRoundTripAndGiveTheSameKind() {
        String app = "jdk.internal.loader.ClassLoaders$AppClassLoader";
        java.util.LinkedHashMap<String, Long> first = new java.util.LinkedHashMap<>(Map.of("com.acme.Rules$$Lambda", 400L));
        java.util.LinkedHashMap<String, Long> last = new java.util.LinkedHashMap<>();
        last.put("com.acme.Rules$$Lambda", 2200L);
        last.put("java.lang.invoke.LambdaForm$MH", 30L);
        ClassStats a = new ClassStats(map(app, 1, "<boot class loader>", 1), map(app, 450), map(), 0, 0,
                map("<boot class loader>", 300), new ClassNames(3000, 700, first));
        ClassStats b = new ClassStats(map(app, 1, "<boot class loader>", 1), map(app, 2250), map(), 0, 0,
                map("<boot class loader>", 301), new ClassNames(4800, 2500, last));
        List<Sample> s = samples(10, i -> new Sample(1_700_000_000_000L + i * 1000L, 300 * MIB, map(), map(), map(),
                3000L + 200L * i, 0L, 15L, 20L, null, null, null, null, null, i == 1 ? a : i == 9 ? b : null,
                new ClassCounters(90L, 0L, 2L, i == 0 ? null : 2400L + 200L * i, 1000L + 210L * i)));
        Recording r = recording("17.0.15+6", "summary", Map.of(), s).withSamples(s, List.of());
        Parsed<Recording> back = RecordingReader.parse(write(r), "rec.jsonl");
        assertThat(back.warnings()).isEmpty();
        assertThat(back.value().samples()).isEqualTo(r.samples());
        assertThat(back.value().samples().get(9).classStats().names().prefixes().keySet())
                .containsExactly("com.acme.Rules$$Lambda", "java.lang.invoke.LambdaForm$MH");
        List<Finding> findings = RecordingAnalyzer.analyze(back.value()).findings();
        assertThat(findings).isEqualTo(RecordingAnalyzer.analyze(r).findings());
        assertThat(findings.get(0).title()).isEqualTo("Lambdas of com.acme.Rules keep being generated");
    }

    @Test
    void aRecordingOfAnOlderOffheapWithoutTheClassCountersIsReadAndSaysWhatItLacks() {
        // a sample line as offheap wrote it before the class counters: classStats without hiddenByLoaderType and names
        String text = RecordingJson.header(recording("17.0.15+6", "off", Map.of(), List.of()), "0.9") + "\n"
                + String.join("\n", java.util.stream.IntStream.range(0, 10).mapToObj(i -> "{\"type\":\"sample\",\"t\":"
                + (1_700_000_000_000L + i * 1000L) + ",\"rss\":314572800,\"resident\":{},\"committed\":{},\"nmt\":{},"
                + "\"loadedClasses\":" + (3000 + 200 * i) + ",\"unloadedClasses\":0"
                + (i == 9 ? ",\"classStats\":{\"loadersByType\":{\"dev.Loader\":1},\"classesByLoaderType\":{\"dev.Loader\":"
                + "1800},\"duplicateClasses\":{},\"generatedAccessors\":0,\"nioBufferCaches\":0}" : "") + "}").toList()) + "\n";
        Parsed<Recording> back = RecordingReader.parse(text, "old.jsonl");
        assertThat(back.warnings()).isEmpty();
        Sample last = back.value().samples().get(9);
        assertThat(last.classCounters()).isNull();
        assertThat(last.classStats().hiddenByLoaderType()).isEmpty();
        assertThat(last.classStats().names()).isNull();
        List<Finding> findings = RecordingAnalyzer.analyze(back.value()).findings();
        assertThat(findings).extracting(Finding::id).containsExactly("METASPACE_GROWTH");
        assertThat(findings.get(0).evidence()).contains("what grows: not told: no class counters in this input");
    }

    @Test
    void aFileWithoutTheHeaderIsRejectedWithItsPlace() {
        assertThatThrownBy(() -> RecordingReader.parse("{\"type\":\"sample\",\"t\":1,\"rss\":2}\n", "x.jsonl"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("x.jsonl:1: expected a recording header with schema 'offheap/1', found:");
    }
}
