package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.model.Sizes;
import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.HealthyWarmup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * A JVM's first two minutes, watched from its start: zoo HealthyWarmup loads 40 classes a second for 75 s and runs
 * their code hot (Metaspace and the code cache grow, the JIT compiles), grows its heap from -Xms16m to a 64 MiB cache,
 * then stays as it is. Watched for 120 s at NMT off, summary and detail on JDK 17 and at NMT off on JDK 25, all at
 * once: no finding above info at any level. And the same JVM watched for its first 20 s: no time to any limit.
 */
class WarmupQuietTest {
    @Test
    void aWarmingUpJvmGetsNoWarningOverItsFirstTwoMinutes() throws Exception {
        record Case(Jdk jdk, String level) {
        }
        List<Case> cases = new ArrayList<>(List.of(new Case(Jdk.JDK17, "off"), new Case(Jdk.JDK17, "summary"),
                new Case(Jdk.JDK17, "detail")));
        if (Jdk.JDK25.installed()) {
            cases.add(new Case(Jdk.JDK25, "off"));
        }
        List<TargetJvm> targets = new ArrayList<>();
        try {
            for (Case c : cases) {
                targets.add(TargetJvm.builder(c.jdk(), HealthyWarmup.class).jvmArgs("-Xms16m", "-Xmx256m",
                        "-XX:NativeMemoryTracking=" + c.level(), "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading")
                        .args("4", "64", "75", "40").start());
            }
            List<CompletableFuture<JsonNode>> watches = new ArrayList<>();
            for (TargetJvm t : targets) {
                watches.add(CompletableFuture.supplyAsync(() -> ZooWatchTest.watch(t.pid(), List.of(), "2s", "120s")));
            }
            SoftAssertions soft = new SoftAssertions();
            for (int i = 0; i < cases.size(); i++) {
                JsonNode doc = watches.get(i).join();
                String what = "HealthyWarmup on " + cases.get(i).jdk() + " at NMT " + cases.get(i).level();
                assertThat(doc.path("target").path("nmt").asText()).as(what).isEqualTo(cases.get(i).level());
                assertThat(doc.path("series").size()).as(what).isGreaterThanOrEqualTo(50);
                JsonNode first = doc.path("series").get(0);
                JsonNode last = doc.path("series").get(doc.path("series").size() - 1);
                assertThat(last.path("categories").path("java-heap").asLong()).as("%s: the heap grew", what)
                        .isGreaterThan(first.path("categories").path("java-heap").asLong() + (32L << 20));
                if (first.has("classes")) {
                    assertThat(last.path("classes").asLong()).as("%s: classes were loaded", what)
                            .isGreaterThan(first.path("classes").asLong() + 2000);
                }
                List<String> loud = new ArrayList<>();
                doc.path("findings").forEach(f -> {
                    if (!f.path("severity").asText().equals("info")) {
                        loud.add(f.path("id").asText() + ":" + f.path("severity").asText() + " " + f.path("evidence"));
                    }
                });
                soft.assertThat(loud).as("%s: findings above info for a healthy JVM warming up; %s", what, rows(doc)).isEmpty();
            }
            soft.assertAll();
        } finally {
            targets.forEach(TargetJvm::close);
        }
    }

    @Test
    void aJvmJustStartedAndWatchedFor20SecondsShowsNoTimeToALimit() throws Exception {
        // its heap grows from -Xms16m towards a 64 MiB cache, it loads 40 classes a second and the JIT compiles their
        // code: what a healthy JVM does, and no trend towards MaxHeapSize, ReservedCodeCacheSize or any other limit,
        // even where a class rule names the loading (CLASSLOADER_LEAK judges the class count alone without --histogram)
        List<Jdk> jdks = Jdk.JDK25.installed() ? List.of(Jdk.JDK17, Jdk.JDK25) : List.of(Jdk.JDK17);
        List<TargetJvm> targets = new ArrayList<>();
        try {
            for (Jdk jdk : jdks) {
                targets.add(TargetJvm.builder(jdk, HealthyWarmup.class).jvmArgs("-Xms16m", "-Xmx256m",
                        "-XX:NativeMemoryTracking=summary", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading")
                        .args("4", "64", "20", "40").start());
            }
            List<CompletableFuture<Cli.Result>> watches = new ArrayList<>();
            for (TargetJvm t : targets) {
                watches.add(CompletableFuture.supplyAsync(() -> Cli.run("watch", "--interval", "2s", "--duration", "20s", t.pid())));
            }
            SoftAssertions soft = new SoftAssertions();
            for (int i = 0; i < targets.size(); i++) {
                Cli.Result r = watches.get(i).join();
                String what = "HealthyWarmup on " + jdks.get(i) + " watched from its start";
                assertThat(r.exitCode()).as(what + ": " + r.err()).isZero();
                String table = r.out().substring(r.out().indexOf("  category "), r.out().indexOf("\n\n", r.out().indexOf("  category ")));
                assertThat(table).as(what).contains("java-heap", "code-cache");
                soft.assertThat(table).as("%s: the growth table", what).doesNotContain("(MaxHeapSize)", "(ReservedCodeCacheSize)",
                        "(MaxMetaspaceSize)", "(CompressedClassSpaceSize)", "(MaxDirectMemorySize)", "(the container limit)");
            }
            soft.assertAll();
        } finally {
            targets.forEach(TargetJvm::close);
        }
    }

    /** The rows a native-growth finding looks at, every tenth sample and the last: what a failure needs. */
    private static String rows(JsonNode doc) {
        List<String> rows = List.of("malloc-untracked", "malloc-arenas", "malloc-free-retained", "unexplained", "code-cache");
        StringBuilder b = new StringBuilder("at seconds (" + String.join(", ", rows) + "):");
        JsonNode series = doc.path("series");
        long start = series.get(0).path("t").asLong();
        for (int i = 0; i < series.size(); i += Math.max(1, Math.min(10, series.size() - 1 - i))) {
            JsonNode categories = series.get(i).path("categories");
            b.append(' ').append((series.get(i).path("t").asLong() - start) / 1000).append("s=")
                    .append(String.join("/", rows.stream().map(r -> Sizes.format(categories.path(r).asLong())).toList()));
        }
        return b.toString();
    }
}
