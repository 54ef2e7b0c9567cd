package dev.offheap.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.testing.Cli;
import dev.offheap.testing.ExporterProcess;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.PrometheusServer;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.DirectBufferLeak;
import dev.offheap.zoo.Idle;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus server scrapes a real {@code offheap export} that follows real JVMs: a leaking one on JDK 17
 * and a healthy one on JDK 25, then one that starts and exits. What Prometheus stored is read through its query API.
 * The JVMs carry a token in their options so that the exporter follows only this test's JVMs.
 */
class ExportPrometheusTest {
    /** Prometheus's port, from this project's range for the exporter's tests (19100-19199). */
    private static final int PROMETHEUS_PORT = 19102;
    private static final String NMT = "-XX:NativeMemoryTracking=summary";
    private static final long MIB = 1 << 20;
    /** Where the leak stops growing. */
    private static final int LEAK_MIB = 96;

    @Test
    void prometheusStoresTheLeakItsFindingAndNothingForTheHealthyJvmAndFollowsJvmsThatComeAndGo() throws Exception {
        assumeTrue(Jdk.JDK25.installed(), "JDK 25 is not installed");
        String token = "-Doffheap.export.test=" + UUID.randomUUID();
        Path data;
        long prometheusPid;
        // a leaking and a healthy JVM on each JDK; the leak: 16 MiB at start, 4 MiB more a second up to 96 MiB (20 s
        // of growth: four JVMs, the exporter and Prometheus start at once, and all of it runs beside other tests), then
        // it holds them (a leak that settles, for the comparison with a report). The exporter and Prometheus first:
        // the JVMs are found as they start, and the whole leak is stored
        try (ExporterProcess exporter = ExporterProcess.start("--interval", "1s", "--match", token.replace(".", "\\."));
             PrometheusServer prometheus = PrometheusServer.start(PROMETHEUS_PORT, exporter.address());
             TargetJvm leak17 = leak(Jdk.JDK17, token);
             TargetJvm leak25 = leak(Jdk.JDK25, token);
             TargetJvm healthy17 = healthy(Jdk.JDK17, token);
             TargetJvm healthy25 = healthy(Jdk.JDK25, token)) {
            data = prometheus.dir();
            prometheusPid = prometheus.pid();
            checkLeak(prometheus, leak17, "17");
            checkLeak(prometheus, leak25, "25");
            for (TargetJvm healthy : List.of(healthy17, healthy25)) {
                String h = "pid=\"" + healthy.pid() + "\"";
                assertThat(prometheus.scalar("offheap_rss_bytes{" + h + "}")).as("the healthy JVM is followed").isPositive();
                assertThat(prometheus.query("offheap_rss_bytes{" + h + "}").get(0).path("metric").path("jdk").asText())
                        .startsWith(healthy == healthy17 ? "17" : "25");
                // a healthy JVM gets no warning or critical finding (DESIGN.md §4); information such as LAZY_COMMIT may be there
                assertThat(prometheus.query("max_over_time(offheap_finding{" + h + ",severity=~\"warning|critical\"}[5m])"))
                        .as("the healthy JVM's warning and critical findings").isEmpty();
            }
            // a JVM that starts appears; when it exits it disappears, and no scrape fails meanwhile
            long newcomer;
            try (TargetJvm late = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx32m", token).start()) {
                newcomer = late.pid();
                String n = "pid=\"" + newcomer + "\"";
                await("the new JVM in /metrics", () -> body(exporter).contains(n));
                await("the new JVM in Prometheus", () -> prometheus.scalar("offheap_target_up{" + n + "}") != null);
            }
            String n = "pid=\"" + newcomer + "\"";
            await("the exited JVM gone from /metrics", () -> !body(exporter).contains(n));
            await("the exited JVM gone from Prometheus", () -> prometheus.query("offheap_target_up{" + n + "}").isEmpty());
            assertThat(prometheus.scalar("min_over_time(up{job=\"offheap\"}[5m])")).as("every scrape succeeded").isEqualTo(1.0);
            for (TargetJvm t : List.of(leak17, leak25, healthy17, healthy25)) {
                assertThat(prometheus.scalar("max_over_time(offheap_sample_errors_total{pid=\"" + t.pid() + "\"}[5m])"))
                        .as("sample errors of pid " + t.pid()).isZero();
            }

            // SIGTERM: it stops, says nothing, and its port is closed
            assertThat(exporter.terminate()).as("exit code on SIGTERM").isEqualTo(143);
            assertThat(exporter.output()).as("what it printed").doesNotContain("Exception").doesNotContain("error");
            try {
                exporter.metrics();
                throw new AssertionError("the exporter still serves after SIGTERM");
            } catch (ConnectException expected) {
                // closed
            }
        }
        assertThat(data).as("Prometheus's folder after the test").doesNotExist();
        assertThat(ProcessHandle.of(prometheusPid).map(ProcessHandle::isAlive)).as("Prometheus after the test").isNotEqualTo(
                java.util.Optional.of(true));
    }

    @Test
    void aTakenPortIsOneClearErrorAtStart() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(19103, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Result r = Cli.run("export", "--listen", "127.0.0.1:19103");
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("offheap export: --listen 127.0.0.1:19103: cannot listen there (address"
                    + " already in use): another exporter may hold the port; pick another with --listen HOST:PORT");
        }
    }

    @Test
    void aPidThatIsNotAJvmIsOneClearErrorAtStart() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            Cli.Result r = Cli.run("export", "--listen", "127.0.0.1:19104", "--pids", sleep.pid());
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.err().strip()).isEqualTo("offheap export: --pids: pid " + sleep.pid()
                    + " is not a running HotSpot JVM (see 'offheap ps')");
        } finally {
            sleep.destroyForcibly().waitFor();
        }
    }

    private static TargetJvm leak(Jdk jdk, String token) {
        return TargetJvm.builder(jdk, DirectBufferLeak.class).jvmArgs("-Xmx256m", NMT, token, "-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:+EnableDynamicAgentLoading").args("16", "4", String.valueOf(LEAK_MIB)).start();
    }

    private static TargetJvm healthy(Jdk jdk, String token) {
        return TargetJvm.builder(jdk, Idle.class).jvmArgs("-Xmx64m", NMT, token, "-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:+EnableDynamicAgentLoading").start();
    }

    /** The leak's direct buffers rise in Prometheus, its finding is stored, and what is stored matches a report. */
    private static void checkLeak(PrometheusServer prometheus, TargetJvm leak, String jdk) throws InterruptedException {
        String l = "pid=\"" + leak.pid() + "\"";
        String direct = "offheap_resident_bytes{" + l + ",category=\"direct-buffers\"}";
        await("the leak's finding stored", () -> prometheus.scalar(
                "max_over_time(offheap_finding{" + l + ",id=\"DIRECT_BUFFER_GROWTH\"}[5m])") != null);
        // it rises in Prometheus's storage: by more than 16 MiB between two scrapes of the last minutes
        await("the leak's direct buffers risen by 16 MiB in Prometheus", () -> value(prometheus,
                "max_over_time(" + direct + "[5m]) - min_over_time(" + direct + "[5m])") > 16 * MIB);
        assertThat(prometheus.query("offheap_finding{" + l + ",id=\"DIRECT_BUFFER_GROWTH\"}[5m]").get(0)
                .path("metric").path("severity").asText()).isEqualTo("critical");

        // settled: what Prometheus stores matches a report of the same JVM
        await("the leak settled", () -> value(prometheus, direct) >= LEAK_MIB * MIB
                && prometheus.scalar("changes(" + direct + "[3s])") == 0);
        JsonNode report = Cli.run("report", "--json", leak.pid()).json();
        long reported = 0;
        for (JsonNode c : report.path("memory").path("categories")) {
            if (c.path("name").asText().equals("direct-buffers")) {
                reported = c.path("resident").asLong();
            }
        }
        assertThat(value(prometheus, direct)).as("direct buffers in Prometheus against offheap report --json, JDK " + jdk)
                .isCloseTo(reported, org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(prometheus.query("offheap_rss_bytes{" + l + "}").get(0).path("metric").path("jdk").asText())
                .startsWith(jdk);
    }

    private static String body(ExporterProcess exporter) {
        try {
            HttpResponse<String> r = exporter.metrics();
            assertThat(r.statusCode()).as("scrape status").isEqualTo(200);
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double value(PrometheusServer p, String query) {
        Double v = p.scalar(query);
        return v == null ? 0 : v;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(250);
        }
    }
}
