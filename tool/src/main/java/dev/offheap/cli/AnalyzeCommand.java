package dev.offheap.cli;

import dev.offheap.analyze.Analyzer;
import dev.offheap.analyze.RecordingAnalyzer;
import dev.offheap.model.Finding;
import dev.offheap.model.InputException;
import dev.offheap.model.Parsed;
import dev.offheap.model.Recording;
import dev.offheap.model.Report;
import dev.offheap.model.WatchReport;
import dev.offheap.parse.RecordingReader;
import dev.offheap.parse.SnapshotAssembler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code offheap analyze PATH...}: the analysis of saved files; routes each kind of file by its first bytes. */
@Command(header = "Analyzes saved files: collect folders, jemalloc heap profiles.", name = "analyze", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {
            "Analyzes saved files; the kind of each is recognised from its content.",
            "A folder written by 'offheap collect': the same report as 'offheap report' gave live, from the same inputs.",
            "A recording of 'offheap watch --record FILE' (JSON lines): the same growth table and findings as the watch;",
            "a torn last line (a watch killed while writing) is skipped with a warning.",
            "jemalloc heap profiles (heap_v2, e.g. from 'offheap run --jemalloc' or",
            "MALLOC_CONF=prof:true,prof_prefix:...): every frame is named by offheap itself, native frames from the",
            "libraries' ELF symbols (libraries extracted and deleted, like JNI libraries from jars, through",
            "/proc/PID/map_files while the process lives, or --lib-dir), JIT frames from the perf map; several",
            "profiles: the latest is shown, --base shows what grew since another."},
        footer = {"", "Examples:", "  offheap analyze saved-4242/            # a folder from 'offheap collect 4242 --out saved-4242'",
            "  offheap analyze app.jsonl              # a recording of 'offheap watch 4242 --record app.jsonl'",
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
            return snapshotFolder(paths.get(0));
        }
        if (paths.size() == 1 && Files.isRegularFile(paths.get(0)) && RecordingReader.isRecording(firstLine(paths.get(0)))) {
            return recording(paths.get(0));
        }
        for (Path p : paths) {
            if (!Files.isRegularFile(p)) {
                throw new InputException(p + ": no such file");
            }
            if (!HeapProfileAnalysis.isHeapProfile(p)) {
                throw new UsageException(p + ": not a file offheap analyze knows (expected a folder from 'offheap collect',"
                        + " a recording of 'offheap watch --record' or a jemalloc heap_v2 profile)");
            }
        }
        List<Finding> findings = HeapProfileAnalysis.run(paths,
                new HeapProfileAnalysis.Options(base, libDirs, pid, perfMap, top, collapsed),
                output, spec.commandLine().getOut(), spec.commandLine().getErr());
        return output.exitCode(findings);
    }

    private int snapshotFolder(Path dir) {
        if (!SnapshotFolder.isSnapshotFolder(dir)) {
            throw new InputException(dir + ": not a folder written by 'offheap collect' (no snapshot.txt and smaps.txt)");
        }
        Report report = Analyzer.analyze(SnapshotAssembler.assemble(SnapshotFolder.read(dir)));
        ReportCommand.print(report, output, spec.commandLine().getOut());
        return output.exitCode(report.findings());
    }

    private int recording(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
        Parsed<Recording> parsed = RecordingReader.parse(text, file.toString());
        PrintWriter err = spec.commandLine().getErr();
        parsed.warnings().forEach(w -> err.println("offheap analyze: warning: " + w));
        err.flush();
        WatchReport report = RecordingAnalyzer.analyze(parsed.value());
        WatchCommand.print(report, output, spec.commandLine().getOut());
        return output.exitCode(report.findings());
    }

    /** The first line of a file, read without loading all of it ("" for an empty or unreadable file). */
    private static String firstLine(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            return line == null ? "" : line;
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }
}
