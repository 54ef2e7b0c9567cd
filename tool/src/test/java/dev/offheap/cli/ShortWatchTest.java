package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.DirectBufferLeak;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A watch as short as people run it (issue 25): {@code watch PID --duration 10s} without {@code --interval} samples
 * often enough to name a steady leak. At the default 5 s it took 3 samples and said only "watch longer".
 */
class ShortWatchTest {
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void aTenSecondWatchOfADirectBufferLeakNamesIt(Jdk jdk) throws Exception {
        assumeTrue(jdk.installed(), jdk + " is not installed");
        // 8 MiB at start, then 4 MiB a second (every page touched), up to 512 MiB: a steady leak for the whole watch
        try (TargetJvm t = TargetJvm.builder(jdk, DirectBufferLeak.class).jvmArgs("-Xmx256m", "-XX:+EnableDynamicAgentLoading",
                "-XX:+IgnoreUnrecognizedVMOptions").args("8", "4", "512").start()) {
            Cli.Result r = Cli.run("watch", t.pid(), "--duration", "10s", "--json");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.err()).contains("offheap watch: sampling every 2s (not the default 5s): 6 samples in --duration 10s");
            JsonNode doc = r.json();
            assertThat(doc.path("series").size()).as("samples").isGreaterThanOrEqualTo(6);
            List<String> serious = new ArrayList<>();
            doc.path("findings").forEach(f -> {
                if (!f.path("severity").asText().equals("info")) {
                    serious.add(f.path("id").asText());
                }
            });
            assertThat(serious).as("warning and critical findings; notes %s", doc.path("notes")).first().isEqualTo("DIRECT_BUFFER_GROWTH");
        }
    }
}
