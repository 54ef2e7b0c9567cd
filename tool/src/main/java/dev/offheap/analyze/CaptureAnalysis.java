package dev.offheap.analyze;

import dev.offheap.model.Finding;
import dev.offheap.model.GrowthProfile;
import dev.offheap.model.Recording;
import dev.offheap.model.Report;
import dev.offheap.model.Sample;
import dev.offheap.model.WatchReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The diagnosis of a capture's moment: its snapshot's report with the findings of the window of samples before it
 * (the growth the snapshot alone cannot show), ordered as a watch orders them (by severity, causes before symptoms);
 * the culprits of the growth profile saved with it joined into those findings as {@code watch --profile} joins them;
 * and what the capture itself says (why, when, what followed) as the first notes.
 */
public final class CaptureAnalysis {
    private CaptureAnalysis() {
    }

    /**
     * {@code window}: the samples before the capture (null or empty: the snapshot's findings alone); {@code profile}:
     * the growth profile saved in the capture (null: none).
     */
    public static Report analyze(Report snapshot, Recording window, GrowthProfile profile, List<String> captureNotes) {
        List<String> notes = new ArrayList<>(captureNotes);
        Report report = snapshot;
        if (window == null || window.samples().size() < 2) {
            notes.add("no window of samples in the capture: the findings are the snapshot's alone (no growth seen)");
            if (profile != null) {
                // as a collect folder's saved profile: its findings beside the snapshot's
                report = GrowthFindings.addTo(snapshot, profile);
                notes.add(how(profile) + ": " + (report.findings().size() > snapshot.findings().size()
                        ? "its findings added" : "no culprit named" + (profile.grew() ? "" : " (RSS did not grow meanwhile)")));
            }
        } else {
            WatchReport w = RecordingAnalyzer.analyze(window.withSamples(window.samples(), snapshot.findings()));
            List<Sample> s = window.samples();
            long span = s.get(s.size() - 1).takenAtMillis() - s.get(0).takenAtMillis();
            notes.add("growth from the window before the capture: " + s.size() + " samples over " + span / 1000 + " s");
            if (profile != null) {
                WatchReport joined = ProfileCulprits.join(w, profile, GrowthFindings.evaluate(profile), how(profile));
                notes.addAll(joined.notes().subList(w.notes().size(), joined.notes().size()));
                w = joined;
            }
            List<Finding> findings = w.findings();
            report = new Report(snapshot.snapshot(), snapshot.explained(), snapshot.budget(), findings);
        }
        notes.addAll(snapshot.snapshot().notes());
        return new Report(report.snapshot().withNotes(notes), report.explained(), report.budget(), report.findings());
    }

    /** "growth profile of 17.0 s saved with the capture (taken at the JVM's first capture that saw native growth)" */
    private static String how(GrowthProfile p) {
        return String.format(Locale.ROOT, "growth profile of %.1f s saved with the capture (taken at the JVM's first capture"
                + " that saw native growth)", p.window().durationMillis() / 1000.0);
    }
}
