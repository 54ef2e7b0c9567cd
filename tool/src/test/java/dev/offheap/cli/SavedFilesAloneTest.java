package dev.offheap.cli;

import static dev.offheap.cli.AnalyzeLooseFilesTest.fixture;
import static dev.offheap.cli.AnalyzeLooseFilesTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.model.Sizes;
import dev.offheap.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every saved input read alone tells what it holds and no more (issue 25): an NMT output gives every one of its
 * categories and NMT's own Total; smaps and pmap give their own sums, a cut copy is partial wherever its total shows,
 * and nothing a file does not say (the pid, NMT being off) is made up. The files' own figures are read here with
 * regexes of their own, not with offheap's parsers.
 */
class SavedFilesAloneTest {
    /**
     * NMT fixtures that are not outputs as a JVM printed them (nmt/SOURCES.md calls them "reconstructed": written by
     * hand from memReporter.cpp): their categories do not add up to their own Total, so they cannot show that the
     * analysis keeps NMT's Total. {@link #reconstructedNmtOutputsAreCalledSo} shows that offheap says so.
     */
    static final Map<String, String> NOT_AS_PRINTED = Map.of(
            "jdk21-summary.txt", "reconstructed: its Total (1501245KB/144870KB = malloc 25813KB + mmap 1475432KB) and its"
                    + " categories (1544442KB/180950KB; their malloc lines alone 48592KB) were typed from different numbers",
            "jdk21-detail.txt", "reconstructed with the same summary as jdk21-summary.txt (categories 1544443KB/180951KB)",
            "jdk11-detail.txt", "reconstructed: categories 1422987KB/120167KB against Total 1420893KB/94437KB",
            "jdk8-detail-mb.txt", "reconstructed around a recorded summary: two categories added by hand, categories"
                    + " 2237MB/881MB against Total 2231MB/839MB",
            "jdk8-summary-diff.txt", "reconstructed: categories 1871247KB/572663KB against Total 1864718KB/565558KB");
    /** Corrupted on purpose: the category whose numbers were garbled is skipped, so it cannot appear. */
    static final Map<String, String> CATEGORY_GARBLED = Map.of(
            "jdk17-summary-garbage-numbers.txt", "'reserved=,' garbles one category line (a warning says so)");

    // "-                 Java Heap (reserved=65536KB, committed=65536KB)", diffs: "(reserved=1048827KB +1KB, committed=…"
    private static final Pattern CATEGORY = Pattern.compile(
            "^-\\s+(.+?) \\(reserved=(\\d+)(KB|MB|GB)?[^,]*, committed=(\\d+)(KB|MB|GB)?", Pattern.MULTILINE);
    // "Total: reserved=1874130KB, committed=497282KB"
    private static final Pattern TOTAL = Pattern.compile("^Total: reserved=(\\d+)(KB|MB|GB)?[^,]*, committed=(\\d+)(KB|MB|GB)?",
            Pattern.MULTILINE);
    // "Rss:                 404 kB"
    private static final Pattern SMAPS_RSS = Pattern.compile("^Rss:\\s+(\\d+) kB$", Pattern.MULTILINE);

    @TempDir
    Path tmp;

    static Stream<String> nmtOutputs() throws IOException {
        try (Stream<Path> files = Files.list(fixture("nmt"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted()
                    .filter(n -> TOTAL.matcher(read("nmt/" + n)).find() && !NOT_AS_PRINTED.containsKey(n)).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nmtOutputs")
    void anNmtOutputAloneKeepsItsTotalAndEveryCategory(String name) {
        String text = read("nmt/" + name);
        Cli.Result r = ok("analyze", "--json", fixture("nmt/" + name));
        JsonNode memory = r.json().path("memory");
        Matcher total = TOTAL.matcher(text);
        assertThat(total.find()).isTrue();
        long totalReserved = bytes(total.group(1), total.group(2));
        long totalCommitted = bytes(total.group(3), total.group(4));
        JsonNode nmt = memory.path("nmt");
        assertThat(nmt.path("total").path("reserved").asLong()).as(name).isEqualTo(totalReserved);
        assertThat(nmt.path("total").path("committed").asLong()).as(name).isEqualTo(totalCommitted);

        // the rows (with 'unexplained' for what the Total holds beyond the categories read) add up to the Total
        long rowsReserved = 0;
        long rowsCommitted = 0;
        for (JsonNode c : memory.path("categories")) {
            assertThat(c.path("resident").isNull()).as(name + ": resident is unknown from NMT").isTrue();
            rowsReserved += c.path("reserved").asLong();
            rowsCommitted += c.path("committed").asLong();
        }
        long rounding = nmt.path("rounding").asLong();
        long unit = scale(total.group(2));
        assertThat(rounding).as(name + ": rounding").isLessThanOrEqualTo(32 * unit);
        assertThat(Math.abs(rowsReserved - totalReserved)).as(name + ": reserved rows against Total").isLessThanOrEqualTo(rounding);
        assertThat(Math.abs(rowsCommitted - totalCommitted)).as(name + ": committed rows against Total").isLessThanOrEqualTo(rounding);

        // every category of the file, its parts adding up to its own figures
        Map<String, long[]> shown = new LinkedHashMap<>();
        for (JsonNode l : nmt.path("categories")) {
            long[] s = shown.computeIfAbsent(l.path("name").asText(), k -> new long[2]);
            s[0] += l.path("reserved").asLong();
            s[1] += l.path("committed").asLong();
        }
        Cli.Result human = ok("analyze", fixture("nmt/" + name));
        Matcher c = CATEGORY.matcher(summaryPart(text));
        int count = 0;
        while (c.find()) {
            count++;
            if (CATEGORY_GARBLED.containsKey(name) && !shown.containsKey(c.group(1))) {
                continue;
            }
            assertThat(shown).as(name).containsKey(c.group(1));
            assertThat(shown.get(c.group(1))).as(name + ": " + c.group(1))
                    .containsExactly(bytes(c.group(2), c.group(3)), bytes(c.group(4), c.group(5)));
            assertThat(human.out()).as(name).contains("  " + c.group(1));
        }
        assertThat(count).as(name + ": categories in the file").isPositive();
        assertThat(human.out()).contains("total (NMT's Total:)").containsPattern("total \\(NMT's Total:\\)\\s+"
                + Pattern.quote(Sizes.format(totalReserved)) + "\\s+" + Pattern.quote(Sizes.format(totalCommitted)));
    }

    @Test
    void reconstructedNmtOutputsAreCalledSo() {
        for (String name : NOT_AS_PRINTED.keySet()) {
            JsonNode doc = ok("analyze", "--json", fixture("nmt/" + name)).json();
            assertThat(notes(doc)).as(name).anyMatch(n -> n.contains("more than NMT's own Total, beyond rounding: not an output"
                    + " as a JVM prints it"));
        }
    }

    @Test
    void otherIsShownAsDirectBuffersOrUnsafeMemoryWithWhatNmtCannotTell() {
        for (String name : List.of("jdk17-direct-buffers-summary.txt", "jdk17-direct-buffers-detail.txt",
                "jdk25-direct-buffers-summary.txt", "jdk25-direct-buffers-detail.txt", "jdk11-direct-buffers-summary.txt",
                "jdk8-internal-summary.txt")) {
            String text = read("nmt/" + name);
            String unsafe = name.startsWith("jdk8") ? "Internal" : "Other";
            // "(malloc=163842KB #161)"
            Matcher m = Pattern.compile("^-\\s+" + unsafe + " \\(.*\\n\\s+\\(malloc=(\\d+)KB", Pattern.MULTILINE).matcher(text);
            assertThat(m.find()).as(name).isTrue();
            JsonNode doc = ok("analyze", "--json", fixture("nmt/" + name)).json();
            JsonNode line = null;
            for (JsonNode l : doc.path("memory").path("nmt").path("categories")) {
                if (l.path("name").asText().equals(unsafe) && l.path("row").asText().equals("direct-buffers")) {
                    line = l;
                }
            }
            assertThat(line).as(name).isNotNull();
            assertThat(line.path("committed").asLong()).as(name).isEqualTo(Long.parseLong(m.group(1)) << 10);
            assertThat(line.path("note").asText()).as(name).contains("NMT cannot tell which");
            assertThat(doc.path("sources").get(0).asText()).startsWith(name + ": NMT report (VM.native_memory ");
        }
    }

    @Test
    void aLargeOtherWithoutTheFlagsIsAFindingAndASmallOneIsNot() {
        JsonNode large = ok("analyze", "--json", fixture("nmt/jdk17-direct-buffers-summary.txt")).json();
        assertThat(ids(large)).containsExactly("DIRECT_MEMORY_LARGE");
        JsonNode f = large.path("findings").get(0);
        assertThat(f.path("severity").asText()).isEqualTo("warning");
        assertThat(f.path("evidence").get(0).asText()).startsWith("NMT 'Other': 160 MiB malloc'ed in 161 blocks");
        assertThat(f.path("evidence").toString()).contains("MaxDirectMemorySize: unknown", "256 MiB (NMT 'Java Heap' reserved)");
        // JDK 8: Internal, 795 MiB of a 44 GiB heap's JVM (an off-heap cache on DirectByteBuffer, says the post)
        assertThat(ids(ok("analyze", "--json", fixture("nmt/jdk8-internal-detail-head.txt")).json())).containsExactly("DIRECT_MEMORY_LARGE");
        // 30 MiB in Other of a service with a large heap: nothing to say
        assertThat(ids(ok("analyze", "--json", fixture("nmt/jdk21-other-summary.txt")).json())).isEmpty();
        assertThat(ids(ok("analyze", "--json", fixture("nmt/jdk8-internal-summary.txt")).json())).isEmpty();
    }

    @Test
    void smapsAloneOfAnNmtJvmInventsNeitherNmtOffNorAPid() {
        Path smaps = fixture("smaps/jdk17-nmt-detail.txt");
        Cli.Result text = ok("analyze", smaps);
        String header = text.out().substring(0, text.out().indexOf("\nRSS "));
        assertThat(header).contains("jdk17-nmt-detail.txt: /proc/PID/smaps", "cannot tell: the pid").doesNotContainPattern("pid \\d");
        assertThat(text.out()).doesNotContain("NMT_OFF", "NMT off", "pid 0");
        JsonNode doc = ok("analyze", "--json", smaps).json();
        assertThat(ids(doc)).doesNotContain("NMT_OFF");
        assertThat(doc.path("target").path("pid").isNull()).isTrue();
        assertThat(doc.path("target").path("nmt").isNull()).isTrue();
        assertThat(doc.path("inputs").get(0).path("cannotTell").asText()).contains("NMT level");
    }

    @Test
    void pmapAloneTellsThePidAndTheNmtLevelOfItsCommandLine() {
        JsonNode doc = ok("analyze", "--json", fixture("pmap/jdk17-nmt-detail-x.txt")).json();
        assertThat(doc.path("target").path("pid").asLong()).isEqualTo(8062);
        assertThat(doc.path("target").path("nmt").asText()).isEqualTo("detail");
        assertThat(doc.path("target").path("mainClass").asText()).isEqualTo("dev.offheap.zoo.DirectBufferLeak");
        assertThat(ids(doc)).doesNotContain("NMT_OFF");
        assertThat(doc.path("memory").path("basis").asText()).isEqualTo("smaps (NMT detail, but no NMT output was given)");
    }

    @Test
    void nmtOffIsSaidWhereAFileSaysSo() {
        JsonNode flags = ok("analyze", "--json", fixture("smaps/jdk25-limit.txt"), fixture("vmflags/jdk25-limit-all.txt")).json();
        assertThat(ids(flags)).contains("NMT_OFF");
        assertThat(finding(flags, "NMT_OFF").path("evidence").get(0).asText()).isEqualTo("NativeMemoryTracking=off (VM.flags)");
        JsonNode answer = ok("analyze", "--json", fixture("smaps/jdk25-limit.txt"), fixture("nmt/jdk25-not-enabled.txt")).json();
        assertThat(finding(answer, "NMT_OFF").path("evidence").get(0).asText())
                .isEqualTo("VM.native_memory answered: Native memory tracking is not enabled");
        Path commandLine = tmp.resolve("command-line.txt");
        writeCommandLine(commandLine, "-Xmx128m -XX:NativeMemoryTracking=summary -XX:NativeMemoryTracking=off");
        JsonNode off = ok("analyze", "--json", fixture("smaps/jdk25-limit.txt"), commandLine).json();
        assertThat(finding(off, "NMT_OFF").path("evidence").get(0).asText()).isEqualTo("-XX:NativeMemoryTracking=off on the command line");
    }

    static Stream<String> maps() {
        return Stream.of("smaps/jdk17-nmt-detail.txt", "smaps/jdk17-pretouch.txt", "smaps/jdk25-limit.txt", "pmap/jdk17-smaps.txt",
                "smaps/jdk17-nmt-detail-cut-70k.txt", "smaps/jdk17-pretouch-truncated.txt", "pmap/jdk17-x.txt", "pmap/jdk17-X.txt",
                "pmap/jdk17-XX.txt", "pmap/jdk17-nmt-detail-x.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maps")
    void aMapAloneTotalsWhatItHoldsAndACutOneSaysItIsPartial(String name) throws IOException {
        Path file = fixture(name);
        String text = Files.readString(file);
        boolean cut = !text.endsWith("\n");
        long own = name.startsWith("pmap/jdk17-") && !name.equals("pmap/jdk17-smaps.txt") ? pmapTotalRss(text) : smapsRss(text);
        JsonNode memory = ok("analyze", "--json", file).json().path("memory");
        Cli.Result human = ok("analyze", file);
        if (cut) {
            assertThat(memory.path("rss").isNull()).as(name).isTrue();
            assertThat(memory.path("partialRss").asLong()).as(name).isEqualTo(own);
            String partial = "total: partial (file cut at byte " + Files.size(file) + ")";
            assertThat(memory.path("total").asText()).isEqualTo(partial);
            assertThat(human.out()).contains(partial).contains("RSS unknown (the memory map is cut at byte " + Files.size(file))
                    .doesNotContain("total (VmRSS)").contains(", cut at byte " + Files.size(file) + ": partial");
        } else {
            assertThat(memory.path("rss").asLong()).as(name).isEqualTo(own);
            assertThat(memory.path("total").asText()).isEqualTo("total (Rss of all mappings)");
            assertThat(human.out()).containsPattern("total \\(Rss of all mappings\\)\\s+" + Pattern.quote(Sizes.format(own)));
        }
    }

    @Test
    void aCutMapGivesNoFindingThatNeedsWhatIsMissing() throws IOException {
        Path smaps = fixture("pmap/jdk17-smaps.txt");
        Path nmt = fixture("pmap/jdk17-nmt-summary.txt");
        Path status = fixture("pmap/jdk17-status.txt");
        assertThat(ids(ok("analyze", "--json", smaps, nmt, status).json())).contains("LAZY_COMMIT");
        // the heap is the first mapping: a copy cut in the middle still has it, not the rest of the map
        byte[] whole = Files.readAllBytes(smaps);
        Path cut = Files.write(tmp.resolve("smaps-cut.txt"), java.util.Arrays.copyOf(whole, whole.length / 2));
        JsonNode doc = ok("analyze", "--json", cut, nmt, status).json();
        assertThat(ids(doc)).doesNotContain("LAZY_COMMIT");
        assertThat(notes(doc)).anyMatch(n -> n.startsWith("not made from a map cut short: LAZY_COMMIT"))
                .anyMatch(n -> n.startsWith("the memory map was cut at byte " + whole.length / 2 + ": "));
        // with VmRSS the total is the process's, the mappings not read are unexplained
        assertThat(doc.path("memory").path("rss").asLong()).isEqualTo(statusVmRss(Files.readString(status)));
        assertThat(doc.path("memory").path("total").asText()).isEqualTo("total (VmRSS)");
    }

    @Test
    void aCutNmtOutputShowsWhatItsTotalHoldsBeyondTheCategoriesRead() throws IOException {
        Path file = fixture("nmt/jdk25-summary-cut.txt");
        JsonNode doc = ok("analyze", "--json", file).json();
        assertThat(doc.path("inputs").get(0).path("cutAtByte").asLong()).isEqualTo(Files.size(file));
        JsonNode unexplained = null;
        for (JsonNode c : doc.path("memory").path("categories")) {
            if (c.path("name").asText().equals("unexplained")) {
                unexplained = c;
            }
        }
        assertThat(unexplained).isNotNull();
        assertThat(unexplained.path("committed").asLong()).isPositive();
        long size = Files.size(file);
        assertThat(notes(doc)).anyMatch(n -> n.contains("more than the categories read: the file is cut at byte " + size));
        // a copy that lost only its last line end is whole
        JsonNode noNewline = ok("analyze", "--json", fixture("nmt/jdk21-direct-buffers-summary-diff-mb.txt")).json();
        assertThat(noNewline.path("inputs").get(0).path("cutAtByte").isNull()).isTrue();
        assertThat(notes(noNewline)).anyMatch(n -> n.contains("its categories add up to its Total: no category is missing"));
    }

    private void writeCommandLine(Path file, String jvmArgs) {
        try {
            // VM.command_line as jcmd prints it
            Files.writeString(file, "4242:\nVM Arguments:\njvm_args: " + jvmArgs + "\njava_command: Main\n"
                    + "java_class_path (initial): .\nLauncher Type: SUN_STANDARD\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode finding(JsonNode doc, String id) {
        for (JsonNode f : doc.path("findings")) {
            if (f.path("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no finding " + id + " in " + ids(doc));
    }

    private static List<String> notes(JsonNode doc) {
        List<String> notes = new ArrayList<>();
        doc.path("notes").forEach(n -> notes.add(n.asText()));
        return notes;
    }

    /** The summary part of an NMT output: before a detail report's memory map and call sites. */
    private static String summaryPart(String text) {
        int end = text.length();
        for (String mark : List.of("Virtual memory map:", "Details:", "Memory file details")) {
            int i = text.indexOf(mark);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        return text.substring(0, end);
    }

    /** The sum of the complete "Rss:" lines (a cut copy's last line is not complete). */
    private static long smapsRss(String text) {
        String complete = text.substring(0, text.lastIndexOf('\n') + 1);
        long kib = 0;
        Matcher m = SMAPS_RSS.matcher(complete);
        while (m.find()) {
            kib += Long.parseLong(m.group(1));
        }
        return kib << 10;
    }

    /** pmap's own total of the RSS column: "total kB  3008536  205156  183324" (-x), the row under '=' (-X, -XX). */
    private static long pmapTotalRss(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        String last = lines.get(lines.size() - 1).strip();
        String[] f = last.split("\\s+");
        if (last.startsWith("total kB")) {
            return Long.parseLong(f[3]) << 10;
        }
        List<String> columns = List.of(lines.get(1).strip().split("\\s+"));
        return Long.parseLong(f[columns.indexOf("Rss") - columns.indexOf("Size")]) << 10;
    }

    private static long statusVmRss(String status) {
        Matcher m = Pattern.compile("^VmRSS:\\s+(\\d+) kB$", Pattern.MULTILINE).matcher(status);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1)) << 10;
    }

    private static long bytes(String number, String unit) {
        return Long.parseLong(number) * scale(unit);
    }

    private static long scale(String unit) {
        return unit == null ? 1 : switch (unit) {
            case "KB" -> 1L << 10;
            case "MB" -> 1L << 20;
            case "GB" -> 1L << 30;
            default -> 1;
        };
    }

    private static String read(String relative) {
        try {
            return Files.readString(fixture(relative), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Cli.Result ok(Object... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.exitCode()).as("%s: %s", List.of(args), r.err()).isIn(0, 1);
        return r;
    }
}
