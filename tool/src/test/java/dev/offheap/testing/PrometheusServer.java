package dev.offheap.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus}, installed by scripts/install-deps) started by a test on a
 * loopback port with a generated configuration that scrapes one target every second. {@link #close()} stops it by
 * its own handle and deletes its configuration and data folder.
 */
public final class PrometheusServer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/prometheus");
    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dir;
    private final Process process;
    private final int port;

    private PrometheusServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Starts Prometheus on 127.0.0.1:{@code port} scraping {@code target} (host:port) as job "offheap" every 1 s. */
    public static PrometheusServer start(int port, String target) throws IOException, InterruptedException {
        return start(port, target, null);
    }

    /**
     * Like {@link #start(int, String)}, evaluating the rules {@code rules} (the text of a rules file; null: none)
     * every second.
     */
    public static PrometheusServer start(int port, String target, String rules) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: run scripts/install-deps (Debian package prometheus)");
        }
        Path dir = Files.createTempDirectory("offheap-test-prometheus");
        Path config = dir.resolve("prometheus.yml");
        if (rules != null) {
            Files.writeString(dir.resolve("rules.yml"), rules);
        }
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                rules == null ? "" : "rule_files: ['" + dir.resolve("rules.yml") + "']",
                "scrape_configs:",
                "  - job_name: offheap",
                "    static_configs:",
                "      - targets: ['" + target + "']",
                ""));
        Process p = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--web.console.templates=" + dir, "--web.console.libraries=" + dir)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(dir, p, port);
        try {
            server.awaitReady();
        } catch (RuntimeException | InterruptedException e) {
            String log = server.log();
            server.close();
            throw new IllegalStateException("prometheus did not start: " + e.getMessage() + "\n" + log, e);
        }
        return server;
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("not ready after 30 s");
    }

    /** The result array of an instant query ({@code /api/v1/query}); fails unless the query succeeded. */
    public JsonNode query(String promql) {
        try {
            HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
            JsonNode doc = new ObjectMapper().readTree(r.body());
            if (!"success".equals(doc.path("status").asText())) {
                throw new IllegalStateException("query " + promql + " failed: " + r.body());
            }
            return doc.path("data").path("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The alerts pending or firing now ({@code /api/v1/alerts}): labels, annotations, state, activeAt. */
    public JsonNode alerts() {
        try {
            HttpResponse<String> r = get("/api/v1/alerts");
            JsonNode doc = new ObjectMapper().readTree(r.body());
            if (!"success".equals(doc.path("status").asText())) {
                throw new IllegalStateException("alerts failed: " + r.body());
            }
            return doc.path("data").path("alerts");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of a query whose result is one sample, or null when it has none. */
    public Double scalar(String promql) {
        JsonNode result = query(promql);
        if (result.isEmpty()) {
            return null;
        }
        if (result.size() > 1) {
            throw new IllegalStateException("query " + promql + " gave " + result.size() + " series: " + result);
        }
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    public String log() {
        try {
            Path log = dir.resolve("prometheus.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The folder that holds the configuration and data (gone after {@link #close()}). */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        TargetJvm.deleteTree(dir);
    }

    /** Runs promtool with {@code args} and returns its exit code and output. */
    public static Tool promtool(Path workDir, String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(PROMTOOL)) {
            throw new IllegalStateException(PROMTOOL + " is missing: run scripts/install-deps (Debian package prometheus)");
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(PROMTOOL.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool " + String.join(" ", args) + " did not end in 60 s");
        }
        return new Tool(p.exitValue(), out);
    }

    /** What a promtool run printed, and its exit code. */
    public record Tool(int exitCode, String output) {
    }
}
