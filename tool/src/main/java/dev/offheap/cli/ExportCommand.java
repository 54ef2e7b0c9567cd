package dev.offheap.cli;

import dev.offheap.capture.CaptureSettings;
import dev.offheap.capture.Captures;
import dev.offheap.capture.GrowthStep;
import dev.offheap.export.ExportSettings;
import dev.offheap.export.Exporter;
import dev.offheap.export.OffheapMetrics;
import dev.offheap.model.TargetException;
import dev.offheap.proc.PerfDataFiles;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code offheap export}: serves what {@code watch} knows about every local JVM as Prometheus metrics. */
@Command(header = "Serves the memory of every local JVM as Prometheus metrics (/metrics), with offheap's findings.",
        name = "export", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {
            "A long-running exporter, one per host (or per pod as a sidecar). Every --interval it finds the local JVMs",
            "as 'offheap ps' does (containers included), follows JVMs that start and forgets those that exit, and",
            "samples each one as 'offheap watch' does: no safepoint operation. What a cycle reads per JVM:",
            "/proc/PID/status and smaps, the cgroup's memory files, hsperfdata counters, the glibc heap headers",
            "(/proc/PID/mem), and over the attach socket Compiler.codecache, GC.heap_info and, when NMT is on,",
            "VM.native_memory summary. Read once per JVM and kept: VM.version, VM.flags, VM.command_line, its",
            "libraries and labels. The buffer pools come from a 2 KB agent loaded once per JVM (JDK 21+ print a",
            "warning at each load unless -XX:+EnableDynamicAgentLoading), whose thread republishes them every",
            "second and ends by itself once nothing has attached for 4 intervals (at least 1 min): after the",
            "exporter stops, even killed, nothing keeps running (--no-agent skips it).",
            "",
            "A window of the last --window of samples per JVM feeds the growth rules (rates, time to the limits,",
            "leak findings); each sample's snapshot feeds the rules of 'offheap report' (budget, arenas, container).",
            "A scrape only renders what the last cycle found: any number of scrapes cost the JVMs nothing.",
            "OpenMetrics and the Prometheus text format are served by content negotiation (Prometheus Java client).",
            "",
            "It listens on loopback unless --listen says otherwise, attaches only to JVMs of its own user (all users'",
            "as root; other users' JVMs are listed as not sampled), and stops cleanly on SIGTERM or Ctrl-C. A failed",
            "sample is a metric (offheap_target_up 0, offheap_target_down_reason, offheap_sample_errors_total), never",
            "a failed scrape; a part that cannot be read is offheap_target_part_missing, and the sample goes on. The",
            "log (stderr) has one line per change of a JVM's condition. The metrics are listed in docs/exporter.md.",
            "",
            "Captures (--capture DIR): evidence before the kill, as 'offheap watch --capture' saves it (see its --help):",
            "when a followed JVM reaches 75%% or 90%% of its limit (--capture-at) or is less than 10 minutes from it, a",
            "collect folder of that moment (redacted as --redact says, owner-only, no safepoint operation unless",
            "--capture-heap-dump) is saved on a thread of its own: the sampling of the other JVMs never waits for it;",
            "when native memory grows, the growth profile of 'collect --profile' (sampled page faults) is added to it.",
            "Once per share per JVM, one capture at a time on the host, DIR kept within --capture-keep and",
            "--capture-max-size; a full disk costs that capture (one log line), never the exporter. Each capture is",
            "one log line and offheap_captures_total{reason}; the newest capture of each JVM is served at /captures",
            "(its path is never a label; offheap_capture_timestamp_seconds says when), and an OOM kill that follows is",
            "one log line (\"killed by the OOM killer 3 min after the 90%% capture\") and an outcome line in the captures."},
        footer = {"", "Examples:", "  offheap export                                  # every JVM, 127.0.0.1:9404/metrics",
            "  offheap export --listen 0.0.0.0:9404 --interval 30s", "  offheap export --pids 4242,4343 --no-agent",
            "  offheap export --match 'kafka\\.Kafka|zookeeper'",
            "  offheap export --capture /var/lib/offheap/captures --capture-max-size 2g"})
final class ExportCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", defaultValue = "127.0.0.1:9404", paramLabel = "HOST:PORT",
            description = "Address to serve /metrics on (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    String listen;

    @Option(names = "--interval", defaultValue = "15s", paramLabel = "DURATION", description = "Time between samples of each JVM (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--window", defaultValue = "10m", paramLabel = "DURATION",
            description = "How far back the growth rules look (default: ${DEFAULT-VALUE}; at least 4 samples).")
    String window;

    @Option(names = "--pids", split = ",", paramLabel = "PID", description = "Only these JVMs (comma-separated).")
    List<String> pids;

    @Option(names = "--all", description = "Every local JVM (the default).")
    boolean all;

    @Option(names = "--match", paramLabel = "REGEX", description = "Only JVMs whose command line (/proc/PID/cmdline, its secret values redacted) contains a match.")
    String match;

    @Option(names = "--no-agent", description = "Do not load the buffer-pool agent: direct buffers are then not told apart from other Unsafe memory.")
    boolean noAgent;

    @Mixin
    CaptureOptions capture;

    @Mixin
    RedactOptions redaction;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        ExportSettings settings = settings();
        String[] hostPort = hostPort(listen);
        Captures captures = settings.capture() == null ? null : new Captures(settings.capture(), GrowthStep.PAGE_FAULTS,
                "offheap export " + Version.current() + " (pid " + ProcessHandle.current().pid() + ")", Version.current(),
                line -> {
                    System.err.println("offheap export: " + line);
                    System.err.flush();
                });
        Exporter exporter = new Exporter(settings, System.err, captures);
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new OffheapMetrics(exporter::published));
        HTTPServer server;
        try {
            server = serve(registry, hostPort[0], Integer.parseInt(hostPort[1]), captures);
        } catch (RuntimeException e) {
            exporter.close();
            throw e;
        }
        Thread hook = new Thread(this::interrupted, "offheap-export-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.println("offheap export: serving http://" + hostPort[0] + ":" + server.getPort() + "/metrics, sampling "
                    + (settings.pids().isEmpty() ? "every local JVM" : settings.pids().size() + " JVMs")
                    + (settings.match() == null ? "" : " matching '" + match + "'") + " every " + interval
                    + (settings.capture() == null ? "" : "; captures into " + settings.capture().dir() + " at "
                    + percents(settings.capture()) + " of each JVM's limit (the newest at /captures)"));
            out.flush();
            exporter.start();
            stop.await();
            return Main.EXIT_OK;
        } finally {
            exporter.close();
            server.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down (SIGTERM): the hook is running and waits for the cleanup above
            }
        }
    }

    private ExportSettings settings() {
        if (all && pids != null) {
            throw new UsageException("--all and --pids: give one of them");
        }
        long intervalMillis = DurationArgument.millis("--interval", interval);
        long windowMillis = DurationArgument.millis("--window", window);
        Set<Long> selected = new LinkedHashSet<>();
        if (pids != null) {
            for (String p : pids) {
                long pid = PidArgument.parse(p);
                if (PerfDataFiles.localJvm(pid).isEmpty()) {
                    throw new TargetException("--pids: pid " + pid + " is not a running HotSpot JVM (see 'offheap ps')");
                }
                selected.add(pid);
            }
        }
        Pattern pattern = null;
        if (match != null) {
            try {
                pattern = Pattern.compile(match);
            } catch (PatternSyntaxException e) {
                throw new UsageException("--match: '" + match + "' is not a regular expression: " + e.getDescription());
            }
        }
        return new ExportSettings(intervalMillis, windowMillis, selected, pattern, !noAgent, capture.settings(redaction.redactor()));
    }

    // "127.0.0.1:9404", "0.0.0.0:9404", "[::1]:9404", "localhost:0"
    static String[] hostPort(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        String port = colon >= 0 ? text.substring(colon + 1) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new UsageException("--listen: '" + text + "' is not HOST:PORT (e.g. 127.0.0.1:9404, 0.0.0.0:9404)");
        }
        return new String[] {host, port};
    }

    /** "75%, 90%" */
    static String percents(CaptureSettings s) {
        return String.join(", ", s.percents().stream().map(p -> p + "%").toList());
    }

    private HTTPServer serve(PrometheusRegistry registry, String host, int port, Captures captures) {
        try {
            HTTPServer.Builder b = HTTPServer.builder().hostname(host).port(port).registry(registry);
            if (captures != null) {
                b.defaultHandler(new CapturesPage(captures));
            }
            return b.buildAndStart();
        } catch (BindException e) {
            throw new UsageException("--listen " + listen + ": cannot listen there (" + lower(e.getMessage())
                    + "): another exporter may hold the port; pick another with --listen HOST:PORT");
        } catch (IOException e) {
            throw new UsageException("--listen " + listen + ": cannot listen there: " + e.getMessage());
        }
    }

    private static String lower(String s) {
        return s == null || s.isEmpty() ? "in use" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** SIGTERM or Ctrl-C: let the main thread stop sampling and close the server before the JVM exits. */
    private void interrupted() {
        stop.countDown();
        try {
            finished.await(40, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
