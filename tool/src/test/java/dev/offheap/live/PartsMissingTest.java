package dev.offheap.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.export.ExportSettings;
import dev.offheap.export.Exporter;
import dev.offheap.export.TargetState;
import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.DirectBufferLeak;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A part of a live JVM that cannot be read is a note in the report and a reason in the exporter, never the end of
 * either. The buffer pools fail for real (JDK 21+ refuse the agent with -XX:-EnableDynamicAgentLoading); the
 * environment, the malloc statistics and single jcmd commands are made to fail through {@link PartReader}'s seam,
 * as they fail when a JVM does not answer one command in time or a file is unreadable.
 */
class PartsMissingTest {
    @Test
    void aReportGoesOnWithANoteForEachPartItCouldNotRead() throws Exception {
        Jdk jdk = Jdk.JDK25.installed() ? Jdk.JDK25 : Jdk.JDK17;
        try (TargetJvm t = TargetJvm.builder(jdk, DirectBufferLeak.class).jvmArgs("-Xmx64m", "-XX:NativeMemoryTracking=summary")
                .args("16", "0", "16").start();
             AutoCloseable failing = PartReader.failForTests(Set.of(Part.ENVIRONMENT, Part.MALLOC_STATISTICS, Part.HEAP_INFO,
                     Part.CODE_CACHE, Part.NATIVE_MEMORY))) {
            Cli.Result r = Cli.run("report", "--json", t.pid());
            assertThat(r.exitCode()).as(r.err()).isZero();
            List<String> notes = notes(r.json());
            assertThat(notes).anyMatch(n -> n.startsWith("environment not read: pid " + t.pid() + ": environment made to fail"))
                    .anyMatch(n -> n.startsWith("malloc statistics (System.native_heap_info) not read: "))
                    .anyMatch(n -> n.startsWith("heap regions (GC.heap_info) not read: "))
                    .anyMatch(n -> n.startsWith("code cache (Compiler.codecache) not read: "))
                    .anyMatch(n -> n.startsWith("NMT (VM.native_memory) not read: "));
            // what was read is there: RSS, its categories, the direct buffers through the agent
            JsonNode memory = r.json().path("memory");
            assertThat(memory.path("rss").asLong()).isPositive();
            assertThat(category(memory, "direct-buffers")).as("direct buffers of a 16 MiB pool").isGreaterThanOrEqualTo(16L << 20);
        }
    }

    @Test
    void buffersPoolsRefusedForRealAreANoteInTheReportAndAPartMissingInTheExporter() throws Exception {
        assumeTrue(Jdk.JDK25.installed(), "JDK 25 is not installed");
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK25, DirectBufferLeak.class)
                .jvmArgs("-Xmx64m", "-XX:-EnableDynamicAgentLoading").args("16", "0", "16").start()) {
            Cli.Result r = Cli.run("report", "--json", t.pid());
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(notes(r.json())).anyMatch(n -> n.startsWith("buffer pools not read: pid " + t.pid()));

            LiveSampler.Analyzed a = new LiveSampler(t.pid()).sampleAnalyzed(true, 1000, System.currentTimeMillis() + 60_000);
            assertThat(a.missing()).containsOnlyKeys(Part.BUFFER_POOLS);
            assertThat(a.sample().rssBytes()).isPositive();
        }
    }

    @Test
    void theExporterSamplesWithoutAFailingPartAndLogsOnceWhenThatChanges() throws Exception {
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, DirectBufferLeak.class).jvmArgs("-Xmx64m", "-XX:NativeMemoryTracking=summary")
                .args("16", "0", "16").start()) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            ExportSettings settings = new ExportSettings(1000, 10_000, Set.of(t.pid()), null, true);
            try (Exporter exporter = new Exporter(settings, new PrintStream(log, true, StandardCharsets.UTF_8))) {
                TargetState first = cycleUntilFollowed(exporter, t.pid());
                assertThat(first.measured()).as(first.error()).isNotNull();
                assertThat(first.missingParts()).isEmpty();
                try (AutoCloseable failing = PartReader.failForTests(Set.of(Part.HEAP_INFO, Part.CODE_CACHE))) {
                    for (int i = 0; i < 3; i++) {
                        exporter.cycle();
                        TargetState s = state(exporter, t.pid());
                        assertThat(s.measured()).as("sampled, cycle " + i).isNotNull();
                        assertThat(s.missingParts()).containsOnlyKeys("heap_info", "code_cache");
                    }
                }
                exporter.cycle();
                assertThat(state(exporter, t.pid()).missingParts()).isEmpty();
            }
            String prefix = "offheap export: pid " + t.pid() + " (dev.offheap.zoo.DirectBufferLeak): ";
            assertThat(log.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                    prefix + "sampled without code_cache (pid " + t.pid() + ": code_cache made to fail for a test); heap_info (pid "
                            + t.pid() + ": heap_info made to fail for a test)",
                    prefix + "sampled in full again");
        }
    }

    private static TargetState cycleUntilFollowed(Exporter exporter, long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            exporter.cycle();
            TargetState s = state(exporter, pid);
            if (s != null) {
                return s;
            }
            seen.add(exporter.published().targets().toString());
            Thread.sleep(500);
        }
        throw new AssertionError("pid " + pid + " not followed within 30 s; published: " + seen);
    }

    private static TargetState state(Exporter exporter, long pid) {
        return exporter.published().targets().stream().filter(s -> s.labels().pid() == pid).findFirst().orElse(null);
    }

    private static List<String> notes(JsonNode report) {
        List<String> notes = new ArrayList<>();
        report.path("notes").forEach(n -> notes.add(n.asText()));
        return notes;
    }

    private static long category(JsonNode memory, String name) {
        for (JsonNode c : memory.path("categories")) {
            if (c.path("name").asText().equals(name)) {
                return c.path("resident").asLong();
            }
        }
        return 0;
    }
}
