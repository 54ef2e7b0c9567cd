package dev.offheap.parse.nmt;

import dev.offheap.model.InputException;
import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtFormat;
import dev.offheap.model.NmtReport;
import dev.offheap.model.NmtReportKind;
import dev.offheap.model.NmtStatus;
import dev.offheap.model.NmtTag;
import dev.offheap.model.NmtTotals;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.parse.TextInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads Native Memory Tracking text, as printed by {@code jcmd PID VM.native_memory summary|detail|summary.diff|
 * detail.diff [scale=KB|MB|GB|1]} (and -XX:+PrintNMTStatistics), of JDK 8 to 25, in one streaming pass.
 * Strict on the header ("Native Memory Tracking:" or a one-line JVM answer such as "Native memory tracking is not
 * enabled"), lenient per record: a bad line becomes a {@link ParseWarning} and parsing goes on.
 * The kind is sniffed: "Virtual memory map:"/"Details:" make a detail; call sites without them a detail.diff;
 * deltas ("+12KB") or diff-only layouts a summary.diff. Amounts are converted to bytes here.
 */
public final class NmtParser {
    static final int MAX_WARNINGS = 1000;

    private final String source;
    private final List<ParseWarning> warnings = new ArrayList<>();
    private final NmtSummarySection summary;
    private final NmtDetailSection detail;
    private NmtLineReader lines;
    private OptionalLong pid = OptionalLong.empty();
    private long suppressedWarnings;

    private NmtParser(String source) {
        this.source = source;
        this.summary = new NmtSummarySection(this);
        this.detail = new NmtDetailSection(this);
    }

    /** Parses a saved file; an unreadable, empty or non-NMT file is an {@link InputException}. */
    public static Parsed<NmtReport> parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.getFileName().toString());
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses bytes (UTF-8; undecodable bytes are replaced) read from {@code in}, named {@code source} in messages. */
    public static Parsed<NmtReport> parse(InputStream in, String source) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return parse(new InputStreamReader(in, decoder), source);
    }

    /** Parses a text held in memory (e.g. a jcmd answer), named {@code source} in messages. */
    public static Parsed<NmtReport> parse(String text, String source) {
        return parse(new StringReader(text), source);
    }

    /** Parses the lines of {@code reader}; the reader is read to the end but not closed. */
    public static Parsed<NmtReport> parse(Reader reader, String source) {
        NmtParser p = new NmtParser(source);
        try {
            return p.run(new NmtLineReader(reader));
        } catch (IOException e) {
            throw new InputException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    private Parsed<NmtReport> run(NmtLineReader in) throws IOException {
        this.lines = in;
        NmtStatus status = readPreamble();
        if (status != NmtStatus.REPORTED) {
            return new Parsed<>(NmtReport.ofStatus(status, NmtReportKind.SUMMARY, pid), warnings);
        }
        String line;
        boolean inDetail = false;
        while ((line = in.next()) != null) {
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (!inDetail && !summary.accept(t)) {
                inDetail = true;
            }
            if (inDetail) {
                detail.accept(t);
            }
        }
        return new Parsed<>(finish(), warningsWithSuppressed());
    }

    /** Skips the "PID:" line and blank lines up to the header; returns the JVM's one-line answer if that is it. */
    private NmtStatus readPreamble() throws IOException {
        String line;
        while ((line = lines.next()) != null) {
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("Native Memory Tracking:")) {
                summary.header(t);
                return NmtStatus.REPORTED;
            }
            if (isPidLine(t)) {
                pid = OptionalLong.of(Long.parseLong(t, 0, t.length() - 1, 10));
                continue;
            }
            NmtStatus s = statusOf(t);
            if (s != null) {
                return s;
            }
            if (isBinary(t)) {
                throw new InputException(source + ":" + lines.lineNumber() + ": binary data, not an NMT report");
            }
            throw new InputException(source + ":" + lines.lineNumber() + ": expected 'Native Memory Tracking:', found: "
                    + quote(t));
        }
        throw new InputException(source + ": empty file, expected 'Native Memory Tracking:'");
    }

    private static boolean isPidLine(String t) {
        if (t.length() < 2 || t.length() > 12 || t.charAt(t.length() - 1) != ':') {
            return false;
        }
        for (int i = 0; i < t.length() - 1; i++) {
            if (!Character.isDigit(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static NmtStatus statusOf(String t) {
        for (NmtStatus s : NmtStatus.values()) {
            if (s != NmtStatus.REPORTED && t.startsWith(s.text())) {
                return s;
            }
        }
        if (t.startsWith("Baseline succeeded") || t.startsWith("Detail baseline collection failed. Summary baseline")) {
            return NmtStatus.BASELINE_TAKEN;
        }
        if (t.startsWith("Native memory tracking has been turned off")) {
            return NmtStatus.SHUT_DOWN;
        }
        return null;
    }

    static boolean isBinary(String t) {
        int control = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == 0 || c == '\uFFFD' || (c < 0x20 && c != '\t')) {
                control++;
            }
        }
        return control > 0 && control * 20 >= t.length() || t.indexOf('\0') >= 0;
    }

    private NmtReport finish() {
        if (!lines.lastTerminated()) {
            warn(lines.lineNumber(), "truncated: the last line has no line end");
        }
        boolean truncated = !lines.lastTerminated();
        truncated |= summary.checkComplete(lines.lineNumber());
        truncated |= detail.checkComplete(lines.lineNumber());
        List<NmtCategory> categories = summary.categories();
        NmtReportKind kind = detail.sawDetailHeaders() ? NmtReportKind.DETAIL
                : detail.sawSites() ? NmtReportKind.DETAIL_DIFF
                : summary.sawDiff() ? NmtReportKind.SUMMARY_DIFF : NmtReportKind.SUMMARY;
        return new NmtReport(NmtStatus.REPORTED, kind, format(categories), summary.scaleText(), summary.scaleBytes(),
                pid, summary.totals(), categories, detail.regions(), detail.mallocSites(), detail.virtualMemorySites(),
                detail.omittedCallSites(), truncated);
    }

    /**
     * JDK 9+ marks: a category JDK 8 lacks (Module, Logging, Metaspace...), "instance classes", metaspace blocks,
     * "threads #", split totals, peaks, "tag=", "readonly=". Without them, a Class block with "(classes #n)" is JDK 8.
     */
    private NmtFormat format(List<NmtCategory> categories) {
        boolean jdk9 = summary.sawJdk9Marks() || detail.sawJdk9Marks();
        for (NmtCategory c : categories) {
            jdk9 |= c.tag().sinceJdk9() || c.readonlyBytes().isPresent();
        }
        if (jdk9) {
            return NmtFormat.JDK9_OR_LATER;
        }
        for (NmtCategory c : categories) {
            if (c.tag() == NmtTag.CLASS && c.classes() != null) {
                return NmtFormat.JDK8;
            }
        }
        return NmtFormat.UNDETERMINED;
    }

    void warn(long line, String message) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(new ParseWarning(source, line, message));
        } else {
            suppressedWarnings++;
        }
    }

    /** Warns about the current line: "expected ..., found: "..."". */
    void warnHere(String expected, String found) {
        warn(lines.lineNumber(), "expected " + expected + ", found: " + quote(found));
    }

    long lineNumber() {
        return lines.lineNumber();
    }

    private List<ParseWarning> warningsWithSuppressed() {
        if (suppressedWarnings > 0) {
            warnings.add(new ParseWarning(source, 0, suppressedWarnings + " more warnings not shown"));
        }
        return warnings;
    }

    static String quote(String s) {
        return TextInput.quote(s);
    }

    static NmtTotals totals(NmtFields total, NmtFields malloc, NmtFields mmap) {
        NmtFields.Field m = malloc == null ? null : malloc.get("malloc");
        NmtFields.Field mp = malloc == null ? null : malloc.get("malloc.peak");
        NmtFields.Field r = mmap == null ? null : mmap.get("mmap.reserved");
        NmtFields.Field c = mmap == null ? null : mmap.get("mmap.committed");
        return new NmtTotals(
                NmtCategoryBuilder.amount(total.get("total.reserved")),
                NmtCategoryBuilder.amount(total.get("total.committed")),
                m == null ? null : NmtCategoryBuilder.amount(m),
                m == null || !m.hasCount ? null : NmtCategoryBuilder.count(m),
                mp == null ? OptionalLong.empty() : OptionalLong.of(mp.bytes),
                mp == null || !mp.hasCount ? OptionalLong.empty() : OptionalLong.of(mp.count),
                r == null ? null : NmtCategoryBuilder.amount(r),
                c == null ? null : NmtCategoryBuilder.amount(c));
    }

    long scaleBytes() {
        return summary.scaleBytes();
    }
}
