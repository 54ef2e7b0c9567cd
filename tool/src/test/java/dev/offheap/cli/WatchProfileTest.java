package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.report.Json;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.ZstdLeak;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** watch --profile on the zoo's zstd-jni leak, NMT off: the growth finding names libzstd-jni and its Java entry. */
class WatchProfileTest {
    @Test
    void theMallocProfilePutsTheLeakingLibraryIntoTheGrowthFinding() throws Exception {
        try (TargetJvm target = TargetJvm.builder(Jdk.JDK17, ZstdLeak.class).jvmArgs("-Xmx64m").args("100", "4").start()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"watch", "--interval", "1s", "--duration", "7s", "--profile", "--profile-duration", "5s",
                "--json", String.valueOf(target.pid())}, new PrintWriter(out), new PrintWriter(err));
            assertThat(code).as("stderr: %s", err).isZero();
            assertThat(err.toString()).contains("offheap watch: native memory grows: recording mallocs of pid " + target.pid());
            JsonNode doc = Json.mapper().readTree(out.toString());
            JsonNode growth = null;
            for (JsonNode f : doc.path("findings")) {
                if (List.of("NATIVE_MALLOC_GROWTH", "JNI_LIBRARY_LEAK").contains(f.path("id").asText())) {
                    growth = f;
                    break;
                }
            }
            assertThat(growth).as("a native growth finding among %s", doc.path("findings")).isNotNull();
            assertThat(growth.path("culprit").path("library").asText()).startsWith("libzstd-jni-1.5.7-6");
            assertThat(growth.path("culprit").path("javaMethod").asText())
                    .isEqualTo("com.github.luben.zstd.ZstdOutputStreamNoFinalizer.compressStream");
            List<String> evidence = new ArrayList<>();
            growth.path("evidence").forEach(e -> evidence.add(e.asText()));
            assertThat(evidence).anyMatch(e -> e.startsWith("malloc profile of ") && e.contains("into the watch when native memory grew"));
            List<String> notes = new ArrayList<>();
            doc.path("notes").forEach(n -> notes.add(n.asText()));
            assertThat(notes).anyMatch(n -> n.matches("malloc profile of .*: libzstd-jni-1\\.5\\.7-6.* via com\\.github\\.luben\\.zstd"
                    + "\\.ZstdOutputStreamNoFinalizer\\.compressStream leaks about .*/min.*"));
            try (Stream<Path> tmp = Files.list(Path.of("/proc/" + target.pid() + "/root/tmp"))) {
                List<String> held = new ArrayList<>();
                // the folder the profiler was loaded from is gone (others in /tmp may belong to other tests)
                for (String line : Files.readAllLines(Path.of("/proc/" + target.pid() + "/maps"))) {
                    if (line.endsWith("/libasyncProfiler.so (deleted)")) {
                        held.add(line);
                    }
                }
                assertThat(held).as("the profiler's library, loaded and deleted").isNotEmpty();
                assertThat(tmp.map(p -> p.getFileName().toString()).filter(n -> held.stream().anyMatch(l -> l.contains("/" + n + "/"))))
                        .isEmpty();
            }
        }
    }
}
