package dev.offheap.cli;

import dev.offheap.files.OwnerOnly;
import dev.offheap.live.LiveSampler;
import dev.offheap.live.LiveSnapshot;
import dev.offheap.analyze.Analyzer;
import dev.offheap.analyze.EvidenceAnalyzer;
import dev.offheap.model.Report;
import dev.offheap.model.Sample;
import dev.offheap.model.TargetException;
import dev.offheap.zoo.DirectBufferLeak;
import dev.offheap.zoo.Ready;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code offheap demo}: starts a small JVM shipped with offheap that leaks direct buffers, watches it leak for a few
 * seconds as {@code offheap watch} does, reports on it as {@code offheap report} would with the growth found, and
 * stops it.
 */
@Command(header = "Diagnoses a small leaking JVM shipped with offheap.", name = "demo", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {
            "Starts a small JVM that leaks direct ByteBuffers (-Xmx256m, NMT summary, no MaxDirectMemorySize; 64 MiB,",
            "then 16 MiB more per second up to 192 MiB), samples it every second for a few seconds as 'offheap watch'",
            "does, then prints the report 'offheap report PID' gives, with what grew, and stops the JVM. Nothing is",
            "left behind."},
        footer = {"", "Example:", "  offheap demo --seconds 10"})
final class DemoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = "--seconds", defaultValue = "4", description = "How long the JVM is watched before the report (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path workDir = OwnerOnly.createTempDirectory(null, "offheap-demo");
        Process target = null;
        try {
            target = start(workDir);
            awaitReady(target);
            err.println("offheap demo: started pid " + target.pid() + " (" + DirectBufferLeak.class.getName()
                    + "), leaking 16 MiB of direct buffers per second; watching it for " + seconds
                    + " s (a sample a second, as 'offheap watch'), then a full report…");
            err.flush();
            LiveSampler sampler = new LiveSampler(target.pid());
            List<Sample> samples = sample(sampler, target);
            Report report = EvidenceAnalyzer.merge(Analyzer.analyze(sampler.snapshot(LiveSnapshot.Pools.PUBLISHED, true)),
                    sampler.growthFindings(samples));
            ReportCommand.print(report, output, spec.commandLine().getOut());
            return output.exitCode(report.findings());
        } finally {
            stop(target);
            deleteTree(workDir);
        }
    }

    /** A sample a second, with the buffer pools, for {@link #seconds} (one sample when 0). */
    private List<Sample> sample(LiveSampler sampler, Process target) throws InterruptedException {
        long start = System.currentTimeMillis();
        long end = start + seconds * 1000L;
        List<Sample> samples = new ArrayList<>();
        while (true) {
            if (!target.isAlive()) {
                throw new TargetException("the demo JVM exited early (exit code " + target.exitValue() + ")");
            }
            samples.add(sampler.sample(true, 1000, end + 60_000, false));
            long next = start + samples.size() * 1000L;
            if (next > end) {
                return samples;
            }
            Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
        }
    }

    private Process start(Path workDir) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:NativeMemoryTracking=summary",
                // the demo knows an agent will be loaded: no warning about it on JDK 21+
                "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading",
                "-cp", classPath(), DirectBufferLeak.class.getName(), "64", "16", "192"));
        return new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
    }

    private static void awaitReady(Process target) throws Exception {
        // a thread of its own: blocking reads must not occupy the common pool, which may be tiny (2 cores: 1 worker)
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder seen = new StringBuilder();
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.equals(Ready.LINE)) {
                        ready.complete(null);
                        while (r.readLine() != null) {
                            // the demo JVM's output is not part of the report
                        }
                        return;
                    }
                    seen.append(line).append('\n');
                }
                ready.complete(seen.toString());
            } catch (IOException e) {
                ready.completeExceptionally(new UncheckedIOException(e));
            }
        }, "demo-output");
        reader.setDaemon(true);
        reader.start();
        String failure;
        try {
            failure = ready.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TargetException("the demo JVM (pid " + target.pid() + ") did not get ready within 30s");
        }
        if (failure != null) {
            throw new TargetException("the demo JVM did not start: " + failure.strip());
        }
    }

    private static void stop(Process target) throws InterruptedException {
        if (target == null) {
            return;
        }
        target.destroy();
        if (!target.waitFor(10, TimeUnit.SECONDS)) {
            target.destroyForcibly();
            target.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Where the zoo classes are: offheap's own jar when packaged, else the zoo module's classes. */
    private static String classPath() {
        try {
            return Path.of(DirectBufferLeak.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
