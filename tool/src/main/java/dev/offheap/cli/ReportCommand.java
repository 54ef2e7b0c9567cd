package dev.offheap.cli;

import dev.offheap.live.LiveSnapshot;
import dev.offheap.analyze.Analyzer;
import dev.offheap.model.Report;
import dev.offheap.model.SavedInput;
import dev.offheap.model.Snapshot;
import dev.offheap.report.Json;
import dev.offheap.report.ReportJson;
import dev.offheap.report.ReportText;
import dev.offheap.report.html.ReportHtml;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code offheap report PID}: one snapshot of a live JVM — where its resident memory is, its budget, findings. */
@Command(header = "Explains where a live JVM's resident memory is, its budget, and what is wrong.", name = "report", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {
            "Explains where a live JVM's resident memory (RSS) is: one row per category (heap, metaspace, thread stacks,",
            "direct buffers, glibc arenas, libraries, ...) adding up to RSS, beside the JVM's reserved and committed",
            "figures, the reasonable budget (heap max + metaspace + direct memory + code cache + stacks + margin) and the",
            "container limit, followed by findings with evidence and the fix.",
            "",
            "It attaches like jcmd (no restart, no safepoint pause): VM.version, VM.flags, VM.native_memory,",
            "GC.heap_info, Compiler.codecache, System.native_heap_info (JDK 21+), and reads /proc/PID/smaps, status,",
            "environ, pagemap and the cgroup. The NIO buffer pools are read by loading a 2 KB agent into the target",
            "(its class stays loaded; JDK 21+ print a warning about dynamically loaded agents): --no-agent skips it.",
            "",
            "Run as the target's user or as root. With NMT off the JVM's own memory cannot be separated from malloc:",
            "start the JVM with -XX:NativeMemoryTracking=summary (or =detail for exact placement)."},
        footer = {"", "Examples:", "  offheap report 4242", "  offheap report --json 4242 > report.json",
            "  offheap report 4242 --html report.html   # the same report as a page with charts",
            "  offheap report --fail-on warning 4242   # exit 1 if a warning or worse is found"})
final class ReportCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "Process id of the JVM (see 'offheap ps').")
    String pid;

    @Mixin
    OutputOptions output;

    @Option(names = "--no-agent", description = "Do not load the buffer-pool agent: direct buffers and other Unsafe memory are then reported together.")
    boolean noAgent;

    @Option(names = "--no-pagemap", description = "Do not read /proc/PID/pagemap: mappings shared by several owners are split by size (approximate).")
    boolean noPagemap;

    @Override
    public Integer call() {
        long target = PidArgument.parse(pid);
        Snapshot snapshot = LiveSnapshot.take(target, new LiveSnapshot.Options(LiveSnapshot.Pools.agentUnless(noAgent), !noPagemap));
        Report report = Analyzer.analyze(snapshot);
        print(report, output, spec.commandLine().getOut());
        return output.exitCode(report.findings());
    }

    /** Prints a report as text or, with --json, as the offheap/1 document; writes the --html page. */
    static void print(Report report, OutputOptions output, PrintWriter out) {
        print(report, List.of(), output, out);
    }

    /** The same for saved files, saying what each file was read as and what it cannot tell. */
    static void print(Report report, List<SavedInput> inputs, OutputOptions output, PrintWriter out) {
        if (output.json()) {
            out.println(Json.toText(ReportJson.render(report, inputs, Version.current())));
        } else {
            out.print(ReportText.render(report, inputs));
        }
        out.flush();
        output.writeHtml(() -> ReportHtml.render(report, inputs, Version.current()));
    }
}
