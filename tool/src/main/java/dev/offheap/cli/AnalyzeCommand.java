package dev.offheap.cli;

import dev.offheap.analyze.RecordingAnalyzer;
import dev.offheap.model.InputException;
import dev.offheap.model.Parsed;
import dev.offheap.model.Recording;
import dev.offheap.model.WatchReport;
import dev.offheap.parse.RecordingReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code offheap analyze FILE}: the analysis of saved data. The kind of input is sniffed from its first line; for
 * now a {@code watch --record} recording.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {
            "Analyses saved data without the live process. Supported so far: a recording written by",
            "'offheap watch --record FILE' (JSON lines, schema offheap/1), which gives the same growth table and",
            "findings as the watch did. A torn last line (a watch killed while writing) is skipped with a warning."},
        footer = {"", "Examples:", "  offheap analyze app.jsonl", "  offheap analyze --json app.jsonl"})
final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A recording of 'offheap watch --record'.")
    Path file;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        String text = read(file);
        String firstLine = text.lines().findFirst().orElse("");
        if (!RecordingReader.isRecording(firstLine)) {
            throw new InputException(file + ":1: not a recording of 'offheap watch --record' (no offheap/1 header);"
                    + " other formats are not supported yet");
        }
        Parsed<Recording> parsed = RecordingReader.parse(text, file.toString());
        PrintWriter err = spec.commandLine().getErr();
        parsed.warnings().forEach(w -> err.println("offheap analyze: warning: " + w));
        err.flush();
        WatchReport report = RecordingAnalyzer.analyze(parsed.value());
        WatchCommand.print(report, output, spec.commandLine().getOut());
        return output.exitCode(report.findings());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
