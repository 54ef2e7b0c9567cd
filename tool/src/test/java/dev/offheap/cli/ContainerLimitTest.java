package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JVM in a memory cgroup whose limit is below what the JVM's own limits allow: the report shows the limit and
 * CONTAINER_LIMIT_RISK. The test makes its own cgroup (v1 memory controller, as root) and removes it.
 */
class ContainerLimitTest {
    private static final Path V1_MEMORY = Path.of("/sys/fs/cgroup/memory");
    private static final long MIB = 1 << 20;

    @Test
    void aLimitBelowTheBudgetIsReportedAsARisk() throws Exception {
        assumeThat(Files.isWritable(V1_MEMORY.resolve("cgroup.procs")))
                .as("needs root and a cgroup v1 memory controller at " + V1_MEMORY).isTrue();
        Path group = V1_MEMORY.resolve("offheap-test-" + ProcessHandle.current().pid());
        Files.createDirectory(group);
        try {
            Files.writeString(group.resolve("memory.limit_in_bytes"), Long.toString(384 * MIB));
            try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx512m", "-XX:NativeMemoryTracking=summary").start()) {
                Files.writeString(group.resolve("cgroup.procs"), Long.toString(t.pid()));
                Cli.Result r = Cli.run("report", "--json", t.pid());
                assertThat(r.exitCode()).as(r.err()).isZero();
                JsonNode doc = r.json();
                assertThat(doc.path("memory").path("limit").asLong()).isEqualTo(384 * MIB);
                List<String> ids = new ArrayList<>();
                doc.path("findings").forEach(f -> ids.add(f.path("id").asText()));
                assertThat(ids).contains("CONTAINER_LIMIT_RISK");
                JsonNode risk = doc.path("findings").get(ids.indexOf("CONTAINER_LIMIT_RISK"));
                assertThat(risk.path("severity").asText()).isEqualTo("warning");
                assertThat(risk.path("evidence").toString()).contains("cgroup limit 384 MiB", "larger than the limit");
                t.kill();
            }
        } finally {
            // a memory cgroup can be removed once its processes are gone
            for (int i = 0; i < 50 && Files.exists(group); i++) {
                try {
                    Files.delete(group);
                } catch (java.io.IOException e) {
                    Thread.sleep(100);
                }
            }
        }
        assertThat(group).doesNotExist();
    }
}
