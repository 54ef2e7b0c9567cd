package dev.offheap.cli;

import dev.offheap.analyze.Analyzer;
import dev.offheap.analyze.EvidenceAnalyzer;
import dev.offheap.analyze.GrowthFindings;
import dev.offheap.analyze.RecordingAnalyzer;
import dev.offheap.model.EvidenceReport;
import dev.offheap.model.Finding;
import dev.offheap.model.GrowthProfile;
import dev.offheap.model.LooseEvidence;
import dev.offheap.model.Parsed;
import dev.offheap.model.Recording;
import dev.offheap.model.Report;
import dev.offheap.model.SavedInput;
import dev.offheap.model.WatchReport;
import dev.offheap.report.EvidenceJson;
import dev.offheap.report.EvidenceText;
import dev.offheap.report.Json;
import dev.offheap.report.html.EvidenceHtml;
import dev.offheap.saved.CaptureFolder;
import dev.offheap.saved.CaptureShelf;
import dev.offheap.saved.FileFormat;
import dev.offheap.saved.JfrRecordingReader;
import dev.offheap.saved.LooseFiles;
import dev.offheap.saved.RecordingReader;
import dev.offheap.saved.SnapshotFolder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code offheap analyze PATH...}: the analysis of saved files; routes each kind of file by its first bytes. */
@Command(header = "Analyzes saved files: collect folders, NMT, smaps, pmap, GC and hs_err logs, heap dumps, profiles.", name = "analyze", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {
            "Analyzes saved files; the kind of each is recognised from its content.",
            "A folder written by 'offheap collect': the same report as 'offheap report' gave live, from the same inputs.",
            "A capture ('watch --capture DIR', 'export --capture DIR'): the diagnosis of that moment, the growth of the",
            "samples before it first, with why it was taken and what followed (an OOM kill).",
            "Loose files of one process, in any combination: NMT output of any JDK (VM.native_memory summary or detail),",
            "/proc/PID/smaps or maps, 'pmap -x' or 'pmap -X' output, /proc/PID/status, VM.flags, VM.version,",
            "VM.command_line, GC logs (-Xlog:gc* and JDK 8 -XX:+PrintGCDetails: metaspace-triggered GCs, System.gc()",
            "full GCs, 'CodeCache is full') and hs_err_pid*.log files (version, flags, memory map, NMT summary, native",
            "out-of-memory). With smaps or pmap the full accounting of RSS; without, the JVM's own figures (NMT) and",
            "the findings the files support. An HPROF heap dump: the views of 'offheap heap'.",
            "A recording of 'offheap watch --record FILE' (JSON lines): the same growth table and findings as the watch;",
            "a torn last line (a watch killed while writing) is skipped with a warning.",
            "A JDK Flight Recorder recording (.jfr, JDK 17+, e.g. -XX:StartFlightRecording:settings=default or",
            "'jcmd PID JFR.dump'): the same growth table and findings, from the JVM's own memory events (RSS from JDK 21;",
            "JFR has no memory map, so libraries, thread stacks and malloc are one row); a recording cut short is read",
            "up to the cut with a warning. With other files of the same JVM (or in a collect folder, recording.jfr) its",
            "growth findings are added to their report.",
            "jemalloc heap profiles (heap_v2, e.g. from 'offheap run --jemalloc' or",
            "MALLOC_CONF=prof:true,prof_prefix:...): every frame is named by offheap itself, native frames from the",
            "libraries' ELF symbols (libraries extracted and deleted, like JNI libraries from jars, through",
            "/proc/PID/map_files while the process lives, or --lib-dir), JIT frames from the perf map; several",
            "profiles: the latest is shown, --base shows what grew since another."},
        footer = {"", "Examples:", "  offheap analyze saved-4242/            # a folder from 'offheap collect 4242 --out saved-4242'",
            "  offheap analyze captures/20251207T021500Z-pid4242-limit_90pct   # a capture of 'export --capture captures'",
            "  offheap analyze app.jsonl              # a recording of 'offheap watch 4242 --record app.jsonl'",
            "  offheap analyze app.jfr                # jcmd 4242 JFR.dump filename=app.jfr",
            "  offheap analyze jeprof.4242.17.i17.heap",
            "  offheap analyze --base jeprof.4242.0.i0.heap jeprof.4242.17.i17.heap --html growth.html"})
final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files to analyze.")
    List<Path> paths;

    @Mixin
    OutputOptions output;

    @Option(names = "--base", paramLabel = "FILE", description = "Heap profile to subtract: shows what grew since.")
    Path base;

    @Option(names = "--lib-dir", paramLabel = "DIR", description = "Folder with copies of libraries (by file name), e.g. deleted JNI libraries.")
    List<Path> libDirs = List.of();

    @Option(names = "--pid", paramLabel = "PID", description = "Live process the profile came from (default: the pid in jemalloc's file name, if it runs).")
    Long pid;

    @Option(names = "--perf-map", paramLabel = "FILE", description = "JIT perf map (/tmp/perf-PID.map) to name compiled Java frames.")
    Path perfMap;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Rows per list (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--collapsed", paramLabel = "FILE", description = "Also write collapsed stacks (FlameGraph format).")
    Path collapsed;

    @Override
    public Integer call() {
        if (paths.size() == 1 && Files.isDirectory(paths.get(0))) {
            if (CaptureFolder.isCapture(paths.get(0))) {
                Report report = AnalyzeCapture.read(paths.get(0), spec.commandLine().getErr());
                ReportCommand.print(report, output, spec.commandLine().getOut());
                return output.exitCode(report.findings());
            }
            capturesRoot(paths.get(0));
            return snapshotFolder(paths.get(0));
        }
        List<LooseFiles.Input> inputs = LooseFiles.inputs(paths);
        List<LooseFiles.Input> jfr = inputs.stream().filter(i -> i.format() == FileFormat.JFR).toList();
        if (jfr.size() > 1) {
            throw new UsageException(jfr.get(1).path() + ": give one JFR recording (the files of one JVM join into one:"
                    + " 'cat a.jfr b.jfr > both.jfr')");
        }
        if (jfr.size() == inputs.size()) {
            return recording(JfrRecordingReader.read(jfr.get(0).path()));
        }
        Recording jfrGrowth = jfr.isEmpty() ? null : withWarnings(JfrRecordingReader.read(jfr.get(0).path()));
        inputs = inputs.stream().filter(i -> i.format() != FileFormat.JFR).toList();
        FileFormat first = inputs.get(0).format();
        if (first == FileFormat.WATCH_RECORDING || first == FileFormat.HPROF) {
            if (inputs.size() > 1) {
                throw new UsageException(paths.get(0) + ": a " + first.description() + " is analyzed alone, not with other files");
            }
            return first == FileFormat.HPROF
                    ? HeapCommand.views(paths.get(0), true, null, output, spec.commandLine().getOut(), spec.commandLine().getErr(), "offheap analyze: ")
                    : recording(paths.get(0));
        }
        if (inputs.stream().anyMatch(i -> i.format() == FileFormat.HEAP_V2)) {
            if (jfrGrowth != null) {
                throw new UsageException(jfr.get(0).path() + ": a JFR recording cannot be analyzed with jemalloc heap profiles");
            }
            for (LooseFiles.Input i : inputs) {
                if (i.format() != FileFormat.HEAP_V2) {
                    throw new UsageException(i.path() + ": a " + i.format().description() + " cannot be analyzed with jemalloc heap profiles");
                }
            }
            List<Finding> findings = HeapProfileAnalysis.run(paths,
                    new HeapProfileAnalysis.Options(base, libDirs, pid, perfMap, top, collapsed),
                    output, spec.commandLine().getOut(), spec.commandLine().getErr());
            return output.exitCode(findings);
        }
        PrintWriter err = spec.commandLine().getErr();
        LooseEvidence evidence = LooseFiles.read(inputs, w -> err.println("offheap analyze: warning: " + w));
        err.flush();
        if (evidence.fullMap()) {
            Report full = EvidenceAnalyzer.full(evidence);
            Report report = jfrGrowth == null ? full : EvidenceAnalyzer.withRecording(full, jfrGrowth, jfr.get(0).name());
            ReportCommand.print(report, withRecording(evidence.sources(), jfr), output, spec.commandLine().getOut());
            return output.exitCode(report.findings());
        }
        EvidenceReport partial = EvidenceAnalyzer.partial(evidence);
        EvidenceReport merged = jfrGrowth == null ? partial : EvidenceAnalyzer.withRecording(partial, jfrGrowth, jfr.get(0).name());
        EvidenceReport result = new EvidenceReport(merged.snapshot(), merged.nmt(), merged.jvmCategories(),
                withRecording(merged.sources(), jfr), merged.findings(), merged.notes());
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.toText(EvidenceJson.render(result, Version.current())));
        } else {
            out.print(EvidenceText.render(result));
        }
        out.flush();
        output.writeHtml(() -> EvidenceHtml.render(result, Version.current()));
        return output.exitCode(result.findings());
    }

    /** A folder of captures ('--capture DIR') is no capture itself: the error names the captures to analyze. */
    private static void capturesRoot(Path dir) {
        if (SnapshotFolder.isSnapshotFolder(dir)) {
            return;
        }
        List<CaptureShelf.Entry> captures;
        try {
            captures = CaptureShelf.list(dir);
        } catch (java.io.UncheckedIOException e) {
            return; // unreadable: reading it as a collect folder says so
        }
        if (!captures.isEmpty()) {
            throw new UsageException(dir + ": a folder of " + captures.size() + " captures; analyze one of them, e.g. 'offheap"
                    + " analyze " + captures.get(captures.size() - 1).dir() + "' (the newest)");
        }
    }

    /** A collect folder: its snapshot's report, with the growth of the JFR recording a 'collect --jfr' saved beside. */
    private int snapshotFolder(Path dir) {
        Report report = Analyzer.analyze(SnapshotFolder.readSnapshot(dir));
        Optional<GrowthProfile> growth = SavedGrowthProfile.read(dir);
        if (growth.isPresent()) {
            // the growth profile collect --profile saved: its findings name what grew, as 'offheap profile' did live
            report = GrowthFindings.addTo(report, growth.get());
        }
        Path jfr = dir.resolve(SnapshotFolder.JFR_RECORDING);
        if (Files.isRegularFile(jfr)) {
            report = EvidenceAnalyzer.withRecording(report, withWarnings(JfrRecordingReader.read(jfr)), jfr.toString());
        }
        ReportCommand.print(report, output, spec.commandLine().getOut());
        return output.exitCode(report.findings());
    }

    private int recording(Path file) {
        return recording(RecordingReader.read(file));
    }

    /** A watch recording or a JFR recording alone: the report a watch gives. */
    private int recording(Parsed<Recording> parsed) {
        WatchReport report = RecordingAnalyzer.analyze(withWarnings(parsed));
        WatchCommand.print(report, output, spec.commandLine().getOut());
        return output.exitCode(report.findings());
    }

    /** A recording, its reader's warnings on stderr first. */
    private Recording withWarnings(Parsed<Recording> parsed) {
        PrintWriter err = spec.commandLine().getErr();
        parsed.warnings().forEach(w -> err.println("offheap analyze: warning: " + w));
        err.flush();
        return parsed.value();
    }

    /** The saved inputs, with the JFR recording read beside them (if one was given). */
    private static List<SavedInput> withRecording(List<SavedInput> sources, List<LooseFiles.Input> jfr) {
        if (jfr.isEmpty()) {
            return sources;
        }
        List<SavedInput> all = new ArrayList<>(sources);
        all.add(new SavedInput(jfr.get(0).name(), FileFormat.JFR.description(), OptionalLong.empty(), FileFormat.JFR.cannotTell()));
        return all;
    }
}
