package dev.offheap.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.model.Finding;
import dev.offheap.model.Severity;
import dev.offheap.model.TargetException;
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
 * both formats by content negotiation, a JVM whose last sample failed (only its up, reason and error series), a part
 * a sample went without, and the cgroup's working set only for a JVM in a container or a limited cgroup.
 */
class OffheapMetricsTest {
    private static final String LABELS = "container=\"pod-a\",jdk=\"17.0.15+6\",main_class=\"app.Main\",pid=\"42\"";

    private static Exporter.Published published() {
        TargetState.Measured m = new TargetState.Measured(300L << 20, Map.of("direct-buffers", 64L << 20, "java-heap", 200L << 20),
                Map.of("java-heap", 256L << 20), 900L << 20, Map.of("container", 1L << 30, "MaxDirectMemorySize", 256L << 20),
                Map.of("MaxDirectMemorySize", 64L << 20), Map.of("direct-buffers", 4096.0), Map.of("container", 1500.0),
                List.of(new Finding("DIRECT_BUFFER_GROWTH", Severity.CRITICAL, "t", "s", List.of(), "r", null)),
                64L, 21L, 3, 310L << 20, "/kubepods/pod1/cri-containerd-3f2a.scope", 10);
        TargetState up = TargetState.up(new TargetLabels(42, "app.Main", "pod-a", "17.0.15+6"), m,
                Map.of("buffer_pools", "pid 42: the buffer-pool agent loaded but published nothing"), 1);
        TargetState down = TargetState.down(new TargetLabels(43, "app.Other", "", "25.0.3"),
                TargetException.Reason.ATTACH_DISABLED, "pid 43: attach is disabled (-XX:+DisableAttachMechanism)", 5);
        // outside any container and without a cgroup limit: no cgroup working set
        TargetState.Measured bare = new TargetState.Measured(40L << 20, Map.of(), Map.of(), null, Map.of(), Map.of(), Map.of(),
                Map.of(), List.of(), null, 12L, 0, null, null, 1);
        TargetState host = TargetState.up(new TargetLabels(44, "app.Host", "", "17.0.15+6"), bare, Map.of(), 0);
        return new Exporter.Published(List.of(up, down, host), 1, 0.25, 7);
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
                    "offheap_limit_used_bytes{container=\"pod-a\",jdk=\"17.0.15+6\",limit=\"MaxDirectMemorySize\",main_class=\"app.Main\",pid=\"42\"} 6.7108864E7",
                    "offheap_container_memory_bytes{cgroup=\"/kubepods/pod1/cri-containerd-3f2a.scope\"," + LABELS + "} 3.2505856E8",
                    "offheap_target_part_missing{container=\"pod-a\",jdk=\"17.0.15+6\",main_class=\"app.Main\",part=\"buffer_pools\",pid=\"42\"} 1.0",
                    "offheap_target_up{container=\"\",jdk=\"25.0.3\",main_class=\"app.Other\",pid=\"43\"} 0.0",
                    "offheap_target_down_reason{container=\"\",jdk=\"25.0.3\",main_class=\"app.Other\",pid=\"43\",reason=\"attach_disabled\"} 1.0",
                    "offheap_sample_errors_total{container=\"\",jdk=\"25.0.3\",main_class=\"app.Other\",pid=\"43\"} 5.0",
                    "offheap_export_jvms 3.0", "offheap_export_refused_jvms 1.0", "offheap_export_cycles_total 7.0");
            assertThat(text.body().lines().filter(l -> l.contains("pid=\"43\""))).as("series of the JVM whose sample failed")
                    .hasSize(3);
            assertThat(text.body().lines().filter(l -> l.contains("pid=\"42\"") && l.startsWith("offheap_target_down_reason")))
                    .as("a reason for a JVM sampled").isEmpty();
            assertThat(text.body()).as("the cgroup of a JVM in no container and no limited cgroup")
                    .doesNotContain("offheap_container_memory_bytes{container=\"\",jdk=\"17.0.15+6\",main_class=\"app.Host\"");

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

    @Test
    void theLogSaysAJvmsConditionOnlyWhenItChanges() {
        TargetLabels l = new TargetLabels(43, "app.Other", "", "25.0.3");
        TargetState disabled = TargetState.down(l, TargetException.Reason.ATTACH_DISABLED, "pid 43: attach is disabled", 1);
        assertThat(disabled.condition()).isEqualTo("not sampled (attach_disabled): pid 43: attach is disabled");
        assertThat(TargetState.down(l, TargetException.Reason.ATTACH_DISABLED, "pid 43: attach is disabled", 9).conditionKey())
                .as("the same condition a cycle later").isEqualTo(disabled.conditionKey());
        assertThat(TargetState.down(l, TargetException.Reason.TIMED_OUT, "pid 43: timed out", 9).conditionKey())
                .as("another reason").isNotEqualTo(disabled.conditionKey());
        TargetState.Measured m = new TargetState.Measured(1, Map.of(), Map.of(), null, Map.of(), Map.of(), Map.of(), Map.of(),
                List.of(), null, null, 0, null, null, 1);
        assertThat(TargetState.up(l, m, Map.of(), 0).condition()).as("a full sample").isNull();
        assertThat(TargetState.up(l, m, Map.of("heap_info", "timed out", "buffer_pools", "refused"), 0).condition())
                .isEqualTo("sampled without buffer_pools (refused); heap_info (timed out)");
        assertThat(TargetState.up(l, m, Map.of("heap_info", "timed out after 10 s"), 0).conditionKey())
                .as("the same part missing for another message").isEqualTo(TargetState.up(l, m, Map.of("heap_info",
                        "timed out after 12 s"), 0).conditionKey());
    }
}
