package dev.offheap.cli;

import dev.offheap.model.Finding;
import dev.offheap.model.TargetException;
import dev.offheap.proc.ProcReader;
import dev.offheap.profile.JemallocRun;
import dev.offheap.profile.PrivateFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code offheap run [--jemalloc] -- java ...}: launches a JVM instrumented for diagnosis, passes stdin, stdout,
 * stderr and its exit code through, and reports at exit. Each instrumentation adds environment, JVM options, a tick
 * while the JVM runs and a step after it exits; today: {@code --jemalloc}.
 */
@Command(header = "Starts a JVM instrumented for diagnosis and reports when it exits.", name = "run", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {
            "Starts 'java ...' instrumented for diagnosis and reports on stderr when it exits (its own stdin, stdout,",
            "stderr and exit code pass through unchanged).",
            "",
            "--jemalloc: preloads Debian's libjemalloc.so.2 with heap profiling on (a profile every 2^N bytes",
            "allocated, --dump-every, and one at exit), captures the JIT perf map at each profile and at exit, keeps",
            "copies of deleted libraries (JNI libraries extracted from jars), then shows the last profile symbolized by",
            "offheap (see 'offheap analyze'). The files go to --out DIR, or to a private folder removed at the end."},
        footer = {"", "Examples:", "  offheap run --jemalloc -- java -jar app.jar",
            "  offheap run --jemalloc --out prof -- java -Xmx1g -cp app.jar Main; offheap analyze prof/*.heap"})
final class RunCommand implements Callable<Integer> {
    private static final long TICK_MILLIS = 250;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The java command line, after '--'.")
    List<String> command;

    @Mixin
    OutputOptions output;

    @Option(names = "--jemalloc", description = "Profile malloc with jemalloc's heap profiles (LD_PRELOAD of libjemalloc.so.2).")
    boolean jemalloc;

    @Option(names = "--jemalloc-lib", paramLabel = "FILE", description = "The jemalloc library (default: ${DEFAULT-VALUE}).",
            defaultValue = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2")
    Path jemallocLib;

    @Option(names = "--dump-every", paramLabel = "N", defaultValue = "30",
            description = "Write a heap profile every 2^N bytes allocated (jemalloc's lg_prof_interval; default 30 = 1 GiB).")
    int lgInterval;

    @Option(names = "--out", paramLabel = "DIR", description = "Keep the profiles, perf maps and library copies in DIR.")
    Path out;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Rows per list in the report (default: ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!jemalloc) {
            throw new UsageException("nothing to instrument: give --jemalloc (the only instrumentation so far)");
        }
        PrintWriter err = spec.commandLine().getErr();
        Path dir = out != null ? Files.createDirectories(out) : Files.createTempDirectory("offheap-run-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            JemallocRun run = new JemallocRun(dir.toAbsolutePath(), jemallocLib, lgInterval, w -> err.println("offheap run: warning: " + w));
            int exit = launch(run);
            List<Path> dumps = run.dumps();
            if (dumps.isEmpty()) {
                err.println("offheap run: no heap profile was written (jemalloc not used? the JVM was killed?)");
                return exit;
            }
            List<Finding> findings = HeapProfileAnalysis.run(dumps,
                    new HeapProfileAnalysis.Options(null, List.of(), null, null, top, null), output,
                    output.json() ? spec.commandLine().getOut() : err, err);
            return exit != 0 ? exit : output.exitCode(findings);
        } finally {
            if (out == null) {
                PrivateFiles.deleteTree(dir);
            }
        }
    }

    private int launch(JemallocRun run) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(1, run.jvmOptions());
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().putAll(run.environment(pb.environment()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new TargetException("cannot start " + command.get(0) + ": " + e.getMessage());
        }
        while (!p.waitFor(TICK_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            run.tick(p.pid(), pid -> new ProcReader(pid).maps().value());
        }
        run.afterExit(p.pid());
        return p.exitValue();
    }
}
