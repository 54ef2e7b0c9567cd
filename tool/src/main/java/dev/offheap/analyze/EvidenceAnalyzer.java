package dev.offheap.analyze;

import dev.offheap.analyze.offline.CrashFindings;
import dev.offheap.analyze.offline.GcLogFindings;
import dev.offheap.analyze.rules.DirectMemoryLargeRule;
import dev.offheap.analyze.rules.DirectMemoryUnlimitedRule;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.EvidenceReport;
import dev.offheap.model.Finding;
import dev.offheap.model.InputException;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.LooseEvidence;
import dev.offheap.model.NmtView;
import dev.offheap.model.Recording;
import dev.offheap.model.Report;
import dev.offheap.model.SavedInput;
import dev.offheap.model.Sample;
import dev.offheap.model.Sizes;
import dev.offheap.model.Snapshot;
import dev.offheap.model.WatchReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The analysis of saved files without a memory map with counters: NMT's own view (every category, committed and
 * reserved, NMT's Total; resident memory is unknown), the rules that flags and NMT alone support, and findings the
 * caller derived from other files (GC logs, hs_err logs).
 */
public final class EvidenceAnalyzer {
    private static final List<Rule> RULES = List.of(new DirectMemoryUnlimitedRule(), new DirectMemoryLargeRule());

    private EvidenceAnalyzer() {
    }

    public static EvidenceReport analyze(Snapshot partial, List<SavedInput> sources, List<Finding> fromFiles) {
        List<String> notes = new ArrayList<>();
        NmtView view = NmtAccounting.view(partial.nmt());
        List<CategoryUsage> rows = view == null ? List.of() : NmtAccounting.rows(view);
        if (view != null) {
            notes.addAll(nmtNotes(view, sources));
        }
        List<Finding> findings = new ArrayList<>(fromFiles);
        for (Rule rule : RULES) {
            rule.evaluate(new Rule.Facts(partial, null, null)).ifPresent(findings::add);
        }
        findings.sort(Comparator.comparing(Finding::severity).reversed());
        return new EvidenceReport(partial, view, rows, sources, findings, notes);
    }

    /** What NMT's view rests on and what it cannot tell. */
    private static List<String> nmtNotes(NmtView view, List<SavedInput> sources) {
        List<String> notes = new ArrayList<>();
        notes.add("committed is not resident: memory becomes resident when first touched (give the process's smaps or"
                + " 'pmap -x' output too for where the resident memory is)");
        if (view.unlistedCommitted() > 0 || view.unlistedReserved() > 0) {
            String where = sources.stream().filter(s -> s.cutAtByte().isPresent()).map(s -> "the file is cut at byte "
                    + s.cutAtByte().getAsLong()).findFirst().orElse(view.report().truncated() ? "the report ends early"
                    : "categories were left out of this copy, or it was edited");
            notes.add("NMT's Total holds " + Sizes.format(view.unlistedCommitted()) + " committed (" + Sizes.format(view.unlistedReserved())
                    + " reserved) more than the categories read: " + where + " (row 'unexplained')");
        } else if (view.report().truncated()) {
            notes.add("the report ends without a line end, but its categories add up to its Total: no category is missing");
        }
        if (view.overcountedBytes() > 0) {
            notes.add("the categories add up to " + Sizes.format(view.overcountedBytes()) + " more than NMT's own Total,"
                    + " beyond rounding: not an output as a JVM prints it (edited, or put together by hand?)");
        }
        if (view.report().scaleBytes() > 1024) {
            notes.add("NMT rounded every figure to 1 " + view.report().scale() + " (scale=" + view.report().scale()
                    + ") and left out categories under that: the rows add up to its Total within "
                    + Sizes.format(view.roundingBytes()));
        }
        return notes;
    }

    /** Loose files with a memory map that has counters: the full report, with the GC and hs_err logs' findings. */
    public static Report full(LooseEvidence e) {
        return merge(Analyzer.analyze(e.snapshot()), fromLogs(e));
    }

    /** Loose files without such a map: the JVM's own figures and the findings the files support. */
    public static EvidenceReport partial(LooseEvidence e) {
        return analyze(e.snapshot(), e.sources(), fromLogs(e));
    }

    /** The findings of the hs_err logs, then those of the GC logs (an id found already is not added twice). */
    private static List<Finding> fromLogs(LooseEvidence e) {
        List<Finding> out = new ArrayList<>();
        for (LooseEvidence.Crash c : e.crashes()) {
            CrashFindings.evaluate(c.report(), c.name()).ifPresent(out::add);
        }
        JvmFlags flags = e.snapshot().flags() != null ? e.snapshot().flags() : e.crashes().stream()
                .map(c -> c.report().flags()).filter(Objects::nonNull).findFirst().orElse(null);
        for (LooseEvidence.GcLog g : e.gcLogs()) {
            for (Finding f : GcLogFindings.evaluate(g.summary(), g.name(), flags)) {
                if (out.stream().noneMatch(h -> h.id().equals(f.id()))) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /**
     * A report of saved files with a recording of the same JVM ({@code name}: the file it came from): the analysis of
     * a watch whose final snapshot those files are, so its findings are ordered as a watch's; the recording's notes
     * under its name. A recording of another pid is an input error.
     */
    public static Report withRecording(Report report, Recording recording, String name) {
        checkSamePid(report.snapshot(), recording, name);
        WatchReport w = RecordingAnalyzer.analyze(recording.withSamples(recording.samples(), report.findings()));
        Snapshot s = report.snapshot();
        List<String> notes = new ArrayList<>(s.notes());
        notes.addAll(recordingNotes(w, name));
        return new Report(s.withNotes(notes), report.explained(), report.budget(), w.findings());
    }

    /** As {@link #withRecording(Report, Recording, String)}, for saved files without a memory map. */
    public static EvidenceReport withRecording(EvidenceReport report, Recording recording, String name) {
        checkSamePid(report.snapshot(), recording, name);
        WatchReport w = RecordingAnalyzer.analyze(recording.withSamples(recording.samples(), report.findings()));
        List<String> notes = new ArrayList<>(report.notes());
        notes.addAll(recordingNotes(w, name));
        return new EvidenceReport(report.snapshot(), report.nmt(), report.jvmCategories(), report.sources(), w.findings(), notes);
    }

    private static void checkSamePid(Snapshot s, Recording recording, String name) {
        long pid = recording.pid();
        if (s.pid() > 0 && pid > 0 && s.pid() != pid) {
            throw new InputException(name + ": a recording of pid " + pid + ", the other files are of pid " + s.pid()
                    + ": give the files of one JVM");
        }
    }

    private static List<String> recordingNotes(WatchReport w, String name) {
        List<Sample> samples = w.recording().samples();
        List<String> notes = new ArrayList<>();
        double span = samples.size() < 2 ? 0
                : (samples.get(samples.size() - 1).takenAtMillis() - samples.get(0).takenAtMillis()) / 1000.0;
        notes.add(name + ": " + samples.size() + " samples over " + Sizes.duration(span) + ", analyzed as a watch that"
                + " ended with the other files; analyze it alone for the growth of each category");
        w.notes().forEach(n -> notes.add(name + ": " + n));
        return notes;
    }

    /** A full report with findings from other files added (an id the report has already is not added twice). */
    public static Report merge(Report report, List<Finding> fromFiles) {
        List<Finding> findings = new ArrayList<>(report.findings());
        for (Finding f : fromFiles) {
            if (findings.stream().noneMatch(g -> g.id().equals(f.id()))) {
                findings.add(f);
            }
        }
        findings.sort(Comparator.comparing(Finding::severity).reversed());
        return new Report(report.snapshot(), report.explained(), report.budget(), findings);
    }
}
