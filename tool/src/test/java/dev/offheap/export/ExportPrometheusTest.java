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
 * A real Prometheus server, with the shipped rules (their durations in seconds instead of minutes), scrapes a real
 * {@code offheap export} that follows real JVMs: a direct leak that runs into MaxDirectMemorySize on JDK 17 and one
 * that settles below its limit on JDK 25, a healthy JVM on each JDK (the JDK 25 one refusing the buffer-pool agent),
 * one started with -XX:+DisableAttachMechanism, then one that starts and exits. What Prometheus stored and the alerts
 * it fires are read through its API. The JVMs carry a token in their options so that the exporter follows only this
 * test's JVMs.
 */
class ExportPrometheusTest {
    /** Prometheus's port, from this project's range for the exporter's tests (19100-19199). */
    private static final int PROMETHEUS_PORT = 19102;
    private static final String NMT = "-XX:NativeMemoryTracking=summary";
    private static final long MIB = 1 << 20;
    /** Where the leak stops growing: MaxDirectMemorySize of the JDK 17 leak. */
    private static final int LEAK_MIB = 96;
    /** The exporter's window: the leak's growth has left it this long after the leak stopped. */
    private static final int WINDOW_SECONDS = 20;
    private static final Path RULES = Path.of("../deploy/prometheus/offheap-rules.yml").toAbsolutePath().normalize();

    @Test
    void prometheusStoresWhatTheExporterFindsAndTheShippedAlertsFireAsAnOnCallEngineerNeeds() throws Exception {
        assumeTrue(Jdk.JDK25.installed(), "JDK 25 is not installed");
        String token = "-Doffheap.export.test=" + UUID.randomUUID();
        // the shipped rules as they are, but for 5 minutes read 5 seconds
        String rules = Files.readString(RULES).replaceAll("for: (\\d+)m", "for: $1s");
        Path data;
        long prometheusPid;
        // the leaks: 16 MiB at start, 4 MiB more a second up to 96 MiB (20 s of growth: six JVMs, the exporter and
        // Prometheus start at once, and all of it runs beside other tests), then they hold them; the JDK 17 one is then
        // at its MaxDirectMemorySize. The exporter and Prometheus first: the JVMs are found as they start
        try (ExporterProcess exporter = ExporterProcess.start("--interval", "1s", "--window", WINDOW_SECONDS + "s",
                "--match", token.replace(".", "\\."));
             PrometheusServer prometheus = PrometheusServer.start(PROMETHEUS_PORT, exporter.address(), rules);
             TargetJvm leak17 = leak(Jdk.JDK17, token, "-XX:MaxDirectMemorySize=" + LEAK_MIB + "m");
             TargetJvm leak25 = leak(Jdk.JDK25, token, "-XX:+EnableDynamicAgentLoading");
             TargetJvm healthy17 = healthy(Jdk.JDK17, token, "-XX:+EnableDynamicAgentLoading");
             TargetJvm healthy25 = healthy(Jdk.JDK25, token, "-XX:-EnableDynamicAgentLoading");
             TargetJvm closed = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx32m", token, "-XX:+DisableAttachMechanism")
                     .start()) {
            data = prometheus.dir();
            prometheusPid = prometheus.pid();
            String l17 = "pid=\"" + leak17.pid() + "\"";
            await("OffheapNativeLeak firing for the JDK 17 leak", () -> alert(prometheus, "OffheapNativeLeak", leak17.pid(), "firing") != null);
            String leakActiveAt = alert(prometheus, "OffheapNativeLeak", leak17.pid(), "firing").path("activeAt").asText();
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
                // nor any time to a limit: its heap filling up is no trend towards MaxHeapSize
                assertThat(prometheus.query("count_over_time(offheap_time_to_limit_seconds{" + h + "}[5m])"))
                        .as("the healthy JVM's times to a limit").isEmpty();
            }
            String h25 = "pid=\"" + healthy25.pid() + "\"";
            assertThat(prometheus.scalar("offheap_target_up{" + h25 + "}")).as("sampled without the agent").isEqualTo(1.0);
            assertThat(prometheus.scalar("offheap_target_part_missing{" + h25 + ",part=\"buffer_pools\"}"))
                    .as("the buffer pools of the JVM that refuses the agent").isEqualTo(1.0);

            // the JVM that cannot be attached to: not sampled, with its reason, in the series and the alert
            String c = "pid=\"" + closed.pid() + "\"";
            await("the reason the closed JVM is not sampled", () -> prometheus.scalar(
                    "offheap_target_down_reason{" + c + ",reason=\"attach_disabled\"}") != null);
            assertThat(prometheus.scalar("offheap_target_up{" + c + "}")).isZero();
            await("OffheapSamplingFails firing for the closed JVM", () -> alert(prometheus, "OffheapSamplingFails", closed.pid(), "firing") != null);
            assertThat(alert(prometheus, "OffheapSamplingFails", closed.pid(), "firing").path("annotations").path("summary").asText())
                    .isEqualTo("offheap export cannot sample JVM " + closed.pid() + " (dev.offheap.zoo.Idle) on " + exporter.address()
                            + ": attach_disabled");

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

            // the JDK 17 leak at its limit for longer than the window: the limit is a state, the leak stays named, and
            // its alert has fired without a break since before the limit
            String direct17 = "offheap_resident_bytes{" + l17 + ",category=\"direct-buffers\"}";
            await("the JDK 17 leak flat for longer than the exporter's window", () -> prometheus.scalar(
                    "changes(" + direct17 + "[" + (WINDOW_SECONDS + 5) + "s])") == 0.0);
            assertThat(prometheus.scalar("offheap_finding{" + l17 + ",id=\"DIRECT_MEMORY_EXHAUSTED\",severity=\"critical\"}"))
                    .as("DIRECT_MEMORY_EXHAUSTED at MaxDirectMemorySize").isEqualTo(1.0);
            assertThat(prometheus.scalar("offheap_finding{" + l17 + ",id=\"DIRECT_BUFFER_GROWTH\",severity=\"warning\"}"))
                    .as("the leak that stopped at its limit, held").isEqualTo(1.0);
            assertThat(value(prometheus, "offheap_growth_bytes_per_second{" + l17 + ",category=\"direct-buffers\"}"))
                    .as("its growth over the window").isLessThan(MIB / 10.0);
            JsonNode leakAlert = alert(prometheus, "OffheapNativeLeak", leak17.pid(), "firing");
            assertThat(leakAlert).as("OffheapNativeLeak after the limit").isNotNull();
            assertThat(leakAlert.path("activeAt").asText()).as("OffheapNativeLeak active since").isEqualTo(leakActiveAt);
            assertThat(alert(prometheus, "OffheapJvmLimitReached", leak17.pid(), "firing")).as("OffheapJvmLimitReached").isNotNull();
            // no JVM ever had a time to MaxHeapSize
            assertThat(prometheus.query("count_over_time(offheap_time_to_limit_seconds{limit=\"MaxHeapSize\"}[5m])"))
                    .as("times to MaxHeapSize").isEmpty();

            assertThat(prometheus.scalar("min_over_time(up{job=\"offheap\"}[5m])")).as("every scrape succeeded").isEqualTo(1.0);
            for (TargetJvm t : List.of(leak17, leak25, healthy17, healthy25)) {
                assertThat(prometheus.scalar("max_over_time(offheap_sample_errors_total{pid=\"" + t.pid() + "\"}[5m])"))
                        .as("sample errors of pid " + t.pid()).isZero();
            }

            // SIGTERM: it stops, its port is closed, and its log said each change of a JVM's condition once
            assertThat(exporter.terminate()).as("exit code on SIGTERM").isEqualTo(143);
            List<String> log = exporter.output().lines().toList();
            assertThat(log).as("the exporter's log").noneMatch(l -> l.contains("Exception"))
                    .containsOnlyOnce("offheap export: pid " + closed.pid() + " (dev.offheap.zoo.Idle): not sampled (attach_disabled): pid "
                            + closed.pid() + ": attach is disabled (-XX:+DisableAttachMechanism)")
                    .filteredOn(l -> l.startsWith("offheap export: pid " + healthy25.pid() + " ")).hasSize(1)
                    .allMatch(l -> l.contains("sampled without buffer_pools ("));
            assertThat(log).as("log lines of the leaks and the healthy JDK 17 JVM").noneMatch(l -> List.of(leak17, leak25, healthy17)
                    .stream().anyMatch(t -> l.startsWith("offheap export: pid " + t.pid() + " ")));
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

    private static TargetJvm leak(Jdk jdk, String token, String option) {
        return TargetJvm.builder(jdk, DirectBufferLeak.class).jvmArgs("-Xmx256m", NMT, token, "-XX:+IgnoreUnrecognizedVMOptions",
                option).args("16", "4", String.valueOf(LEAK_MIB)).start();
    }

    private static TargetJvm healthy(Jdk jdk, String token, String agentLoading) {
        return TargetJvm.builder(jdk, Idle.class).jvmArgs("-Xmx64m", NMT, token, "-XX:+IgnoreUnrecognizedVMOptions",
                agentLoading).start();
    }

    /** The alert {@code name} of {@code pid} in {@code state} (pending, firing) as Prometheus lists it, or null. */
    private static JsonNode alert(PrometheusServer prometheus, String name, long pid, String state) {
        for (JsonNode a : prometheus.alerts()) {
            if (a.path("labels").path("alertname").asText().equals(name) && a.path("labels").path("pid").asText().equals(
                    Long.toString(pid)) && a.path("state").asText().equals(state)) {
                return a;
            }
        }
        return null;
    }

    /** The leak's direct buffers rise in Prometheus, its finding is stored, and what is stored matches a report. */
    private static void checkLeak(PrometheusServer prometheus, TargetJvm leak, String jdk) throws InterruptedException {
        String l = "pid=\"" + leak.pid() + "\"";
        String direct = "offheap_resident_bytes{" + l + ",category=\"direct-buffers\"}";
        await("the leak's finding stored, critical", () -> prometheus.scalar(
                "max_over_time(offheap_finding{" + l + ",id=\"DIRECT_BUFFER_GROWTH\",severity=\"critical\"}[5m])") != null);
        // it rises in Prometheus's storage: by more than 16 MiB between two scrapes of the last minutes
        await("the leak's direct buffers risen by 16 MiB in Prometheus", () -> value(prometheus,
                "max_over_time(" + direct + "[5m]) - min_over_time(" + direct + "[5m])") > 16 * MIB);

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
