package dev.offheap.cli;

import dev.offheap.model.Finding;
import dev.offheap.model.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options every reporting command shares: {@code --json}, {@code --html}, {@code --fail-on}, {@code --verbose}. */
public final class OutputOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private Path html;

    @Option(names = "--json", description = "Print the offheap/1 JSON document on stdout (and nothing else).")
    boolean json;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit with 1 when a finding at or above SEVERITY (info, warning, critical) is reported.")
    Severity failOn;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors and the details of each step.")
    boolean verbose;

    /** Checked while the command line is parsed, so a watch of ten minutes does not fail at its end. */
    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the report as one self-contained HTML page (charts, findings, tables) to FILE.")
    void html(Path file) {
        String problem = HtmlFile.problem(file);
        if (problem != null) {
            throw new ParameterException(mixee.commandLine(), problem);
        }
        html = file;
    }

    /** The file of --html, null when not given. */
    public Path html() {
        return html;
    }

    /** Writes the page {@code render} builds to the --html file, when one was given (atomically). */
    public void writeHtml(Supplier<String> render) {
        if (html != null) {
            HtmlFile.write(html, render.get());
        }
    }

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose;
    }

    /** 1 when a finding reaches {@code --fail-on}, else 0. */
    public int exitCode(List<Finding> findings) {
        if (failOn == null) {
            return Main.EXIT_OK;
        }
        boolean hit = findings.stream().anyMatch(f -> f.severity().compareTo(failOn) >= 0);
        return hit ? Main.EXIT_FINDINGS : Main.EXIT_OK;
    }
}
