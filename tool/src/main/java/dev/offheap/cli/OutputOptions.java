package dev.offheap.cli;

import dev.offheap.model.Finding;
import dev.offheap.model.Severity;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every reporting command shares: {@code --json}, {@code --fail-on}, {@code --verbose}. */
public final class OutputOptions {
    @Option(names = "--json", description = "Print the offheap/1 JSON document on stdout (and nothing else).")
    boolean json;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit with 1 when a finding at or above SEVERITY (info, warning, critical) is reported.")
    Severity failOn;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors and the details of each step.")
    boolean verbose;

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
