package dev.offheap.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code offheap export} process, started from the test's own class path on JDK 17, listening on a loopback
 * port it picks itself (the port is read from its first line). {@link #close()} sends SIGTERM through its handle.
 */
public final class ExporterProcess implements AutoCloseable {
    // "offheap export: serving http://127.0.0.1:41234/metrics, sampling …"
    private static final Pattern SERVING = Pattern.compile("serving http://([^/]+)/metrics");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final String address;
    private final StringBuffer output = new StringBuffer();

    private ExporterProcess(Process process, String address) {
        this.process = process;
        this.address = address;
    }

    /** Starts {@code offheap export --listen 127.0.0.1:0 ARGS} and waits for its first line. */
    public static ExporterProcess start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Jdk.JDK17.java().toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData", "-cp", absoluteClassPath(), "dev.offheap.cli.Main", "export",
                "--listen", "127.0.0.1:0"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(Path.of(System.getProperty("java.io.tmpdir")).toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        Matcher m = first == null ? null : SERVING.matcher(first);
        if (m == null || !m.find()) {
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            p.destroyForcibly();
            throw new IllegalStateException("offheap export did not start: " + first + "\n" + err);
        }
        ExporterProcess e = new ExporterProcess(p, m.group(1));
        Thread pump = new Thread(() -> e.pump(out, p), "exporter-output-" + p.pid());
        pump.setDaemon(true);
        pump.start();
        return e;
    }

    /** This JVM's class path with every entry absolute (the exporter runs in another directory). */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(Path.of(e).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private void pump(BufferedReader out, Process p) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                output.append(line).append('\n');
            }
            for (String line; (line = out.readLine()) != null; ) {
                output.append(line).append('\n');
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** host:port it serves on. */
    public String address() {
        return address;
    }

    public Process process() {
        return process;
    }

    /** What it printed besides its first line (stderr first). */
    public String output() {
        return output.toString();
    }

    /** GET /metrics in the Prometheus text format: status code and body. */
    public HttpResponse<String> metrics() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + "/metrics")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM, then waits up to 40 s; returns the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("offheap export did not stop within 40 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }
}
