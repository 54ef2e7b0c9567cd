package dev.offheap.cli;

import dev.offheap.analyze.Analyzer;
import dev.offheap.analyze.EvidenceAnalyzer;
import dev.offheap.analyze.offline.GcLogFindings;
import dev.offheap.assemble.SnapshotAssembler;
import dev.offheap.files.OwnerOnly;
import dev.offheap.model.EvidenceReport;
import dev.offheap.model.Finding;
import dev.offheap.model.GcLogSummary;
import dev.offheap.model.InputException;
import dev.offheap.model.Report;
import dev.offheap.model.SavedInput;
import dev.offheap.model.Snapshot;
import dev.offheap.model.SnapshotSources;
import dev.offheap.parse.logs.GcLogParser;
import dev.offheap.redact.Redactor;
import dev.offheap.report.EvidenceJson;
import dev.offheap.report.EvidenceText;
import dev.offheap.report.Json;
import dev.offheap.report.ReportJson;
import dev.offheap.report.ReportText;
import dev.offheap.report.html.EvidenceHtml;
import dev.offheap.report.html.ReportHtml;
import dev.offheap.saved.SnapshotFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The final report of {@code offheap run}: the last snapshot taken while the JVM ran, with the growth findings of the
 * samples and the GC log's findings; without any snapshot (the JVM ended before the first sample), what the GC log
 * says. Text on stderr (stdout belongs to the program), the JSON document on stdout with --json.
 */
final class RunReport {
    static final String GC_LOG = "gc.log";
    static final String SNAPSHOT = "snapshot";

    private RunReport() {
    }

    static List<Finding> print(RunCommand.RunOutcome o, Path dir, boolean keep, OutputOptions output, boolean jsonOnStdout,
                               Redactor redactor, PrintWriter out, PrintWriter err) {
        List<String> notes = new ArrayList<>();
        GcLogSummary gc = gcLog(dir.resolve(GC_LOG), notes);
        RunWatch w = o.watch();
        String headline = "offheap run: java (pid " + o.pid() + ") " + (o.interrupted() ? "stopped (Ctrl-C or SIGTERM to offheap run)" : "exited")
                + " with code " + o.exitCode() + "; " + w.sampleCount() + " samples";
        String text;
        String json;
        java.util.function.Supplier<String> html;
        List<Finding> findings;
        if (w.lastSources() != null) {
            SnapshotSources sources = w.lastSources();
            Snapshot s = SnapshotAssembler.assemble(sources);
            List<Finding> extra = new ArrayList<>(w.growthFindings());
            if (gc != null) {
                extra.addAll(GcLogFindings.evaluate(gc, GC_LOG, s.flags()));
            }
            Report r = EvidenceAnalyzer.merge(Analyzer.analyze(s), extra);
            headline += "; the report of the last snapshot, taken " + Math.max(0, (System.currentTimeMillis()
                    - w.lastSourcesAtMillis()) / 1000) + " s before the end:";
            text = ReportText.render(r);
            json = Json.toText(ReportJson.render(r, Version.current()));
            html = () -> ReportHtml.render(r, Version.current());
            findings = r.findings();
            if (keep) {
                SnapshotFolder.write(dir.resolve(SNAPSHOT), sources, redactor);
            }
        } else {
            headline += "; no snapshot could be taken (" + (w.lastFailure() == null ? "the JVM ended before the first sample"
                    : w.lastFailure()) + "):";
            Snapshot meta = SnapshotAssembler.metaOnly(new SnapshotSources(java.util.Map.of()).with(SnapshotSources.META,
                    SnapshotAssembler.formatMeta(o.pid(), System.currentTimeMillis(), notes)));
            List<Finding> extra = gc == null ? List.of() : GcLogFindings.evaluate(gc, GC_LOG, null);
            EvidenceReport e = EvidenceAnalyzer.analyze(meta, gc == null ? List.of()
                    : List.of(new SavedInput(GC_LOG, "GC log", java.util.OptionalLong.empty(), "")), extra);
            text = EvidenceText.render(e);
            json = Json.toText(EvidenceJson.render(e, Version.current()));
            html = () -> EvidenceHtml.render(e, Version.current());
            findings = e.findings();
        }
        err.println();
        err.println(headline);
        notes.forEach(n -> err.println("offheap run: " + n));
        err.print(text);
        err.flush();
        if (output.json() && jsonOnStdout) {
            out.println(json);
            out.flush();
        }
        output.writeHtml(html);
        if (keep) {
            write(dir.resolve("report.txt"), headline + "\n" + text);
            write(dir.resolve("report.json"), json + "\n");
        }
        return findings;
    }

    private static GcLogSummary gcLog(Path file, List<String> notes) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                return null;
            }
            return GcLogParser.parse(file).value();
        } catch (IOException | InputException e) {
            notes.add("GC log not read: " + e.getMessage());
            return null;
        }
    }

    private static void write(Path file, String text) {
        try {
            OwnerOnly.writeString(file, text);
        } catch (IOException e) {
            throw new InputException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
