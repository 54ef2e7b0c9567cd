package dev.offheap.cli;

import dev.offheap.analyze.Analyzer;
import dev.offheap.analyze.CaptureAnalysis;
import dev.offheap.model.Parsed;
import dev.offheap.model.Recording;
import dev.offheap.model.Report;
import dev.offheap.model.Sizes;
import dev.offheap.saved.CaptureFolder;
import dev.offheap.saved.RecordingReader;
import dev.offheap.saved.SnapshotFolder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code offheap analyze DIR/<capture>}: the diagnosis of the moment a capture was taken. */
final class AnalyzeCapture {
    private AnalyzeCapture() {
    }

    static Report read(Path dir, PrintWriter err) {
        CaptureFolder.Info info = CaptureFolder.read(dir);
        Report snapshot = Analyzer.analyze(SnapshotFolder.readSnapshot(dir));
        Recording window = null;
        Path file = CaptureFolder.window(dir).orElse(null);
        if (file != null) {
            Parsed<Recording> parsed = RecordingReader.read(file);
            parsed.warnings().forEach(w -> err.println("offheap analyze: warning: " + w));
            err.flush();
            window = parsed.value();
        }
        return CaptureAnalysis.analyze(snapshot, window, SavedGrowthProfile.read(dir).orElse(null), notes(info));
    }

    /** "capture of pid 4242 (…) at 2025-…Z by offheap export …: <why>", then each outcome. */
    private static List<String> notes(CaptureFolder.Info i) {
        List<String> notes = new ArrayList<>();
        notes.add("capture of pid " + i.pid() + (i.mainClass().isEmpty() ? "" : " (" + i.mainClass() + ")") + " at "
                + Instant.ofEpochMilli(i.startedAtMillis()) + " by " + i.takenBy() + ": " + i.why()
                + (i.secondsToLimit() == null || i.reason().equals("time_to_limit") ? ""
                : "; the limit was " + Sizes.duration(i.secondsToLimit()) + " away at the window's growth"));
        i.outcomes().forEach(o -> notes.add("after the capture: " + o));
        return notes;
    }
}
