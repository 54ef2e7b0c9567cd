package dev.offheap.analyze;

import dev.offheap.model.Finding;
import dev.offheap.model.Recording;
import dev.offheap.model.Report;
import dev.offheap.model.Sample;
import dev.offheap.model.WatchReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The diagnosis of a capture's moment: its snapshot's report with the findings of the window of samples before it
 * (the growth the snapshot alone cannot show), ordered as a watch orders them (by severity, causes before symptoms),
 * and what the capture itself says (why, when, what followed) as the first notes.
 */
public final class CaptureAnalysis {
    private CaptureAnalysis() {
    }

    /** {@code window}: the samples before the capture (null or empty: the snapshot's findings alone). */
    public static Report analyze(Report snapshot, Recording window, List<String> captureNotes) {
        List<String> notes = new ArrayList<>(captureNotes);
        List<Finding> findings = snapshot.findings();
        if (window == null || window.samples().size() < 2) {
            notes.add("no window of samples in the capture: the findings are the snapshot's alone (no growth seen)");
        } else {
            WatchReport w = RecordingAnalyzer.analyze(window.withSamples(window.samples(), snapshot.findings()));
            findings = w.findings();
            List<Sample> s = window.samples();
            long span = s.get(s.size() - 1).takenAtMillis() - s.get(0).takenAtMillis();
            notes.add("growth from the window before the capture: " + s.size() + " samples over " + span / 1000 + " s");
        }
        notes.addAll(snapshot.snapshot().notes());
        return new Report(snapshot.snapshot().withNotes(notes), snapshot.explained(), snapshot.budget(), findings);
    }
}
