package dev.offheap.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.model.Finding;
import dev.offheap.model.Severity;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exposition of {@link OffheapMetrics} through the Prometheus client's HTTP server: names, units, labels,
 * both formats by content negotiation, and a JVM whose last sample failed (only its up and error series).
 */
class OffheapMetricsTest {
    private static final String LABELS = "container=\"pod-a\",jdk=\"17.0.15+6\",main_class=\"app.Main\",pid=\"42\"";

    private static Exporter.Published published() {
        TargetState.Measured m = new TargetState.Measured(300L << 20, Map.of("direct-buffers", 64L << 20, "java-heap", 200L << 20),
                Map.of("java-heap", 256L << 20), 900L << 20, Map.of("container", 1L << 30, "MaxDirectMemorySize", 256L << 20),
                Map.of("direct-buffers", 4096.0), Map.of("container", 1500.0),
                List.of(new Finding("DIRECT_BUFFER_GROWTH", Severity.CRITICAL, "t", "s", List.of(), "r", null)),
                64L, 21L, 3, 310L << 20, 10);
        TargetState up = new TargetState(new TargetLabels(42, "app.Main", "pod-a", "17.0.15+6"), m, null, 1);
        TargetState down = new TargetState(new TargetLabels(43, "app.Other", "", "25.0.3"), null, "attach refused", 5);
        return new Exporter.Published(List.of(up, down), 1, 0.25, 7);
    }

    @Test
    void bothFormatsByContentNegotiationWithUnitsLabelsAndOnlyUpAndErrorsForAFailedSample() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new OffheapMetrics(OffheapMetricsTest::published));
        try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart()) {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + server.getPort() + "/metrics");
            HttpResponse<String> text = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(text.body()).contains(
                    "offheap_rss_bytes{" + LABELS + "} 3.145728E8",
                    "offheap_resident_bytes{category=\"direct-buffers\"," + LABELS + "} 6.7108864E7",
                    "offheap_limit_bytes{container=\"pod-a\",jdk=\"17.0.15+6\",limit=\"container\",main_class=\"app.Main\",pid=\"42\"} 1.073741824E9",
                    "offheap_time_to_limit_seconds{container=\"pod-a\",jdk=\"17.0.15+6\",limit=\"container\",main_class=\"app.Main\",pid=\"42\"} 1500.0",
                    "offheap_finding{container=\"pod-a\",id=\"DIRECT_BUFFER_GROWTH\",jdk=\"17.0.15+6\",main_class=\"app.Main\",pid=\"42\",severity=\"critical\"} 1.0",
                    "offheap_glibc_arenas{" + LABELS + "} 3.0",
                    "offheap_target_up{container=\"\",jdk=\"25.0.3\",main_class=\"app.Other\",pid=\"43\"} 0.0",
                    "offheap_sample_errors_total{container=\"\",jdk=\"25.0.3\",main_class=\"app.Other\",pid=\"43\"} 5.0",
                    "offheap_export_jvms 2.0", "offheap_export_refused_jvms 1.0", "offheap_export_cycles_total 7.0");
            assertThat(text.body().lines().filter(l -> l.contains("pid=\"43\""))).as("series of the JVM whose sample failed")
                    .hasSize(2);

            HttpResponse<String> om = http.send(HttpRequest.newBuilder(uri)
                    .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(om.headers().firstValue("Content-Type")).hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(om.body()).contains("# UNIT offheap_rss_bytes bytes", "# UNIT offheap_time_to_limit_seconds seconds",
                    "# TYPE offheap_sample_errors counter").endsWith("# EOF\n");

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort()
                    + "/-/healthy")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }
}
