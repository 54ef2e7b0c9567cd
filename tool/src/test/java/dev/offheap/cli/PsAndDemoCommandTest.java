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
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code offheap ps} lists real JVMs without attaching; {@code offheap demo} diagnoses its leaking JVM. */
class PsAndDemoCommandTest {
    @Test
    void psListsJvmsWithVersionNmtModeAndAttachability() {
        assumeThat(Jdk.JDK25.installed()).as("JDK 25 is not installed").isTrue();
        try (TargetJvm a = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-XX:NativeMemoryTracking=summary").start();
             TargetJvm b = TargetJvm.builder(Jdk.JDK25, Idle.class).jvmArgs("-XX:+DisableAttachMechanism").start();
             TargetJvm c = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-XX:-UsePerfData", "-XX:NativeMemoryTracking=detail").start()) {
            Cli.Result r = Cli.run("ps", "--json");
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode jvms = r.json().path("jvms");
            JsonNode ja = find(jvms, a.pid());
            assertThat(ja.path("mainClass").asText()).isEqualTo(Idle.class.getName());
            assertThat(ja.path("jdk").asText()).startsWith("17.");
            assertThat(ja.path("nmt").asText()).isEqualTo("summary");
            assertThat(ja.path("attach").asText()).isEqualTo("yes");
            assertThat(ja.path("rss").asLong()).isPositive();
            assertThat(ja.path("user").asText()).isEqualTo(System.getProperty("user.name"));
            JsonNode jb = find(jvms, b.pid());
            assertThat(jb.path("jdk").asText()).startsWith("25.");
            assertThat(jb.path("attach").asText()).isEqualTo("no: -XX:+DisableAttachMechanism");
            JsonNode jc = find(jvms, c.pid());
            assertThat(jc.path("nmt").asText()).isEqualTo("detail");
            assertThat(jc.path("jdk").asText()).startsWith("17.");
            assertThat(jc.path("mainClass").asText()).isEqualTo(Idle.class.getName());
            assertThat(b.output()).doesNotContain("Full thread dump");
            Cli.Result text = Cli.run("ps");
            assertThat(text.out().lines().findFirst().orElse("")).matches("PID +USER +MAIN +JDK +RSS +NMT +ATTACH");
        }
    }

    @Test
    void demoReportsTheDirectBufferLeakAndLeavesNothingBehind() throws Exception {
        Set<Path> before = tempEntries();
        Cli.Result r = Cli.run("demo", "--seconds", "3", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.path("target").path("mainClass").asText()).isEqualTo("dev.offheap.zoo.DirectBufferLeak");
        assertThat(ReportCommandTest.resident(doc.path("memory"), "direct-buffers")).isGreaterThan(64L << 20);
        assertThat(doc.path("findings").get(0).path("id").asText()).isEqualTo("DIRECT_BUFFER_GROWTH");
        assertThat(doc.path("findings").get(0).path("severity").asText()).isEqualTo("critical");
        assertThat(doc.path("findings")).anySatisfy(f -> assertThat(f.path("id").asText()).isEqualTo("DIRECT_MEMORY_UNLIMITED"));
        long pid = doc.path("target").path("pid").asLong();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("demo JVM stopped").isFalse();
        // what the demo made and left (another process's folders may come and go meanwhile: only new ones count)
        Set<Path> left = tempEntries();
        left.removeAll(before);
        assertThat(left).as("left in /tmp by the demo").isEmpty();
    }

    private static Set<Path> tempEntries() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("/tmp"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("offheap-")).collect(Collectors.toCollection(HashSet::new));
        }
    }

    private static JsonNode find(JsonNode jvms, long pid) {
        for (JsonNode j : jvms) {
            if (j.path("pid").asLong() == pid) {
                return j;
            }
        }
        throw new AssertionError("pid " + pid + " not listed in " + jvms);
    }
}
