package dev.offheap.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.offheap.testing.PrometheusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The files of deploy/: the Prometheus rules pass {@code promtool check rules} and their unit tests
 * ({@code promtool test rules}); the Grafana dashboard is valid JSON whose every PromQL expression parses (promtool)
 * and names only metrics that offheap export serves; the DaemonSet grants what the exporter needs, and no more.
 */
class DeployFilesTest {
    private static final Path DEPLOY = Path.of("../deploy").toAbsolutePath().normalize();
    private static final Path RULES = DEPLOY.resolve("prometheus/offheap-rules.yml");
    // "offheap_resident_bytes{", "offheap_finding ==", "offheap:rss_over_budget:ratio"
    private static final Pattern METRIC = Pattern.compile("\\b(offheap[_:][a-z_:]+)");

    @Test
    void theRulesPassPromtoolCheckAndTheirUnitTests() throws Exception {
        PrometheusServer.Tool check = PrometheusServer.promtool(RULES.getParent(), "check", "rules", RULES.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 14 rules found");
        PrometheusServer.Tool test = PrometheusServer.promtool(RULES.getParent(), "test", "rules", "offheap-rules.test.yml");
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyDashboardExpressionParsesAndNamesServedMetrics(@TempDir Path tmp) throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/offheap-dashboard.json").toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("offheap-jvm-memory");
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
        assertThat(exprs).hasSizeGreaterThanOrEqualTo(10);
        // Grafana's variables become what Grafana puts there: "$pid" in pid=~"$pid" is a regular expression
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < exprs.size(); i++) {
            String promql = exprs.get(i).replace("$instance", ".*").replace("$container", ".*").replace("$pid", ".*");
            rules.append("      - record: dashboard:expr").append(i).append('\n')
                    .append("        expr: '").append(promql.replace("'", "''")).append("'\n");
        }
        Path file = tmp.resolve("dashboard-rules.yml");
        Files.writeString(file, rules);
        PrometheusServer.Tool check = PrometheusServer.promtool(tmp, "check", "rules", file.toString());
        assertThat(check.exitCode()).as(check.output() + "\n" + rules).isZero();

        Set<String> used = new TreeSet<>();
        exprs.forEach(e -> names(e, used));
        assertThat(served()).as("metrics offheap export serves").containsAll(used);
        // a pid is one JVM only on one instance (host or pod): every expression that picks JVMs picks the instance too
        assertThat(exprs.stream().filter(e -> e.contains("pid=~"))).as("expressions by pid").isNotEmpty()
                .allMatch(e -> e.contains("instance=~\"$instance\""));
        // the count of JVMs not sampled counts them (== bool), rather than adding their zeros
        assertThat(exprs).anyMatch(e -> e.contains("offheap_target_up{instance=~\"$instance\"} == bool 0"));
        JsonNode variables = dashboard.path("templating").path("list");
        assertThat(variables.findValuesAsText("name")).containsSubsequence("instance", "container", "pid");
        assertThat(variables.get(3).path("definition").asText()).contains("instance=~\"$instance\"", "container=~\"$container\"");
    }

    @Test
    void theRulesNameOnlyServedMetricsOrTheirOwnRecordings() throws IOException {
        Map<String, Object> doc = new Yaml().load(Files.readString(RULES));
        Set<String> used = new TreeSet<>();
        Set<String> recorded = new TreeSet<>();
        for (Object group : (List<?>) doc.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                Map<?, ?> r = (Map<?, ?>) rule;
                names((String) r.get("expr"), used);
                if (r.get("record") != null) {
                    recorded.add((String) r.get("record"));
                }
            }
        }
        Set<String> known = new TreeSet<>(served());
        known.addAll(recorded);
        assertThat(known).containsAll(used);
        assertThat(used).contains("offheap_time_to_limit_seconds", "offheap_finding", "offheap_budget_bytes",
                "offheap_container_memory_bytes", "offheap_target_up", "offheap_limit_used_bytes");
    }

    @Test
    void everyAlertOnAFindingLinksToTheFindingsSectionInDocs() throws IOException {
        Map<String, Object> doc = new Yaml().load(Files.readString(RULES));
        String page = Files.readString(DEPLOY.resolveSibling("docs/findings.md"));
        // offheap:finding_severity:max{id=~"DIRECT_MEMORY_EXHAUSTED|METASPACE_EXHAUSTED|CODE_CACHE_FULL"}
        Pattern ids = Pattern.compile("\\bid=~?\"([A-Z0-9_|]+)\"");
        Set<String> alerted = new TreeSet<>();
        int linked = 0;
        for (Object group : (List<?>) doc.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                Map<?, ?> r = (Map<?, ?>) rule;
                if (r.get("alert") == null) {
                    continue;
                }
                Object url = ((Map<?, ?>) r.get("annotations")).get("runbook_url");
                Matcher m = ids.matcher((String) r.get("expr"));
                if (m.find()) {
                    assertThat(url).as("runbook_url of %s", r.get("alert")).isEqualTo("docs/findings.md#{{ $labels.id | toLower }}");
                    alerted.addAll(List.of(m.group(1).split("\\|")));
                }
                if (url != null) {
                    linked++;
                    String fixed = ((String) url).replace("{{ $labels.id | toLower }}", "");
                    if (!fixed.endsWith("#")) {
                        String anchor = fixed.substring(fixed.indexOf('#') + 1);
                        assertThat(page).as("section of %s", url).contains("\n## " + anchor.toUpperCase(java.util.Locale.ROOT) + "\n");
                    }
                }
            }
        }
        assertThat(linked).isEqualTo(8);
        assertThat(alerted).hasSize(18);
        for (String id : alerted) {
            assertThat(dev.offheap.model.FindingId.find(id)).as("alerted id %s in the catalog", id).isPresent();
            assertThat(page).as("section of %s", id).contains("\n## " + id + "\n");
            assertThat(dev.offheap.model.FindingId.of(id).anchor()).isEqualTo(id.toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void theDaemonSetSeesTheHostsProcessesWithThreeCapabilitiesAndRunsExport() throws IOException {
        Map<String, Object> ds = new Yaml().load(Files.readString(DEPLOY.resolve("kubernetes/offheap-daemonset.yml")));
        assertThat(ds.get("kind")).isEqualTo("DaemonSet");
        Map<?, ?> pod = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ds.get("spec")).get("template")).get("spec");
        assertThat(pod.get("hostPID")).isEqualTo(true);
        assertThat(pod.get("hostNetwork")).as("the host's network is not needed").isNull();
        Map<?, ?> container = (Map<?, ?>) ((List<?>) pod.get("containers")).get(0);
        assertThat(strings(container.get("args"))).startsWith("export", "--listen", "0.0.0.0:9404");
        Map<?, ?> security = (Map<?, ?>) container.get("securityContext");
        Map<?, ?> caps = (Map<?, ?>) security.get("capabilities");
        assertThat(strings(caps.get("drop"))).containsExactly("ALL");
        assertThat(strings(caps.get("add"))).containsExactlyInAnyOrder("SYS_PTRACE", "KILL", "DAC_OVERRIDE");
        assertThat(security.get("privileged")).isNull();
        assertThat(security.get("readOnlyRootFilesystem")).isEqualTo(true);
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }

    private static void names(String promql, Set<String> into) {
        Matcher m = METRIC.matcher(promql);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    /** The metric names in the exposition of a collector with one JVM of every kind of value. */
    private static Set<String> served() {
        Set<String> names = new TreeSet<>();
        new OffheapMetrics(() -> new Exporter.Published(List.of(), 0, 0, 0)).collect().forEach(s -> {
            String n = s.getMetadata().getPrometheusName();
            names.add(n);
            if (s instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot) {
                names.add(n + "_total");
            }
        });
        return names;
    }
}
