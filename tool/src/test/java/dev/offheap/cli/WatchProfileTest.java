package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.report.Json;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.JnaLeak;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * watch --profile on the zoo's JNA leak (a JNI library extracted as jna&lt;digits&gt;.tmp), NMT off: the growth profile
 * runs once memory grows, and the growth finding names the library by its origin, the JNI method and the growth.
 */
class WatchProfileTest {
    @Test
    void theGrowthProfilePutsTheCulpritIntoTheGrowthFinding() throws Exception {
        try (TargetJvm target = TargetJvm.builder(Jdk.JDK17, JnaLeak.class).jvmArgs("-Xmx64m").args("4", "256").start()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"watch", "--interval", "1s", "--duration", "7s", "--profile", "--profile-duration", "5s",
                "--json", String.valueOf(target.pid())}, new PrintWriter(out), new PrintWriter(err));
            assertThat(code).as("stderr: %s", err).isZero();
            assertThat(err.toString()).contains("offheap watch: memory grows: sampling page faults of pid " + target.pid());
            JsonNode doc = Json.mapper().readTree(out.toString());
            JsonNode growth = null;
            for (JsonNode f : doc.path("findings")) {
                if (List.of("NATIVE_MALLOC_GROWTH", "JNI_LIBRARY_LEAK").contains(f.path("id").asText())) {
                    growth = f;
                    break;
                }
            }
            assertThat(growth).as("a native growth finding among %s", doc.path("findings")).isNotNull();
            assertThat(growth.path("culprit").path("library").asText()).isEqualTo("libjnidispatch.so");
            assertThat(growth.path("culprit").path("javaMethod").asText()).isEqualTo("com.sun.jna.Native.setMemory");
            assertThat(growth.path("culprit").path("className").asText()).isEqualTo("com.sun.jna.Native");
            List<String> evidence = new ArrayList<>();
            growth.path("evidence").forEach(e -> evidence.add(e.asText()));
            String line = "growth profile of \\d+\\.\\d+ s, started at \\d+ s into the watch when memory grew: libjnidispatch\\.so via"
                    + " com\\.sun\\.jna\\.Native\\.setMemory grows RSS by [0-9.]+ MiB/min, \\d+% of the growth \\(called from"
                    + " dev\\.offheap\\.zoo\\.JnaLeak\\.main\\)";
            assertThat(evidence).anyMatch(e -> e.matches(line));
            assertThat(evidence).anyMatch(e -> e.matches("profile: libjnidispatch\\.so is the extracted copy .*/jna\\d+\\.tmp \\(deleted\\)"
                    + " \\(the JNI library of com\\.sun\\.jna, extracted from the class path resource"
                    + " com/sun/jna/linux-x86-64/libjnidispatch\\.so\\)"));
            List<String> notes = new ArrayList<>();
            doc.path("notes").forEach(n -> notes.add(n.asText()));
            assertThat(notes).anyMatch(n -> n.matches(line));
            try (Stream<Path> tmp = Files.list(Path.of("/proc/" + target.pid() + "/root/tmp"))) {
                List<String> held = new ArrayList<>();
                // the folder the profiler was loaded from is gone (others in /tmp may belong to other tests)
                for (String l : Files.readAllLines(Path.of("/proc/" + target.pid() + "/maps"))) {
                    if (l.endsWith("/libasyncProfiler.so (deleted)")) {
                        held.add(l);
                    }
                }
                assertThat(held).as("the profiler's library, loaded and deleted").isNotEmpty();
                assertThat(tmp.map(p -> p.getFileName().toString()).filter(n -> held.stream().anyMatch(l -> l.contains("/" + n + "/"))))
                        .isEmpty();
            }
        }
    }
}
