package dev.offheap.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.testing.Cli;
import dev.offheap.testing.GrowthKinds;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.MallocLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The growth profile (offheap profile PID, sampled page faults) on every growth kind of the zoo at once, NMT off, on
 * JDK 17 and 25: one JVM per kind, each profiled once for 10 s while the others run. Each kind's culprit is the first
 * group with the finding that names it, and nothing of the profiler stays active or on disk; a healthy JVM in steady
 * state (a malloc/free loop) is said not to grow and nothing is named. The reliability over many runs is a bench
 * (bench/growth-reliability.sh), not a test.
 */
class GrowthProfileLiveTest {
    private static final String DURATION = "10s";

    @TempDir
    Path scratch;

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void eachGrowthKindsCulpritIsNamedFirstAndAHealthyJvmIsSaidNotToGrow(Jdk jdk) throws Exception {
        assumeTrue(jdk.installed(), jdk + " not installed");
        Map<GrowthKinds, CompletableFuture<TargetJvm>> starting = new EnumMap<>(GrowthKinds.class);
        for (GrowthKinds k : GrowthKinds.values()) {
            starting.put(k, CompletableFuture.supplyAsync(() -> k.start(jdk)));
        }
        CompletableFuture<TargetJvm> healthyStart = CompletableFuture.supplyAsync(() -> TargetJvm.builder(jdk, MallocLoop.class)
                .jvmArgs("-Xmx64m").start());
        Map<GrowthKinds, TargetJvm> targets = new EnumMap<>(GrowthKinds.class);
        TargetJvm healthy = null;
        try {
            for (Map.Entry<GrowthKinds, CompletableFuture<TargetJvm>> e : starting.entrySet()) {
                targets.put(e.getKey(), e.getValue().join());
            }
            healthy = healthyStart.join();
            waitUntilSteady(healthy);
            Map<GrowthKinds, CompletableFuture<Cli.Result>> runs = new EnumMap<>(GrowthKinds.class);
            targets.forEach((k, t) -> runs.put(k, CompletableFuture.supplyAsync(() -> Cli.run("profile", t.pid(), "--duration", DURATION, "--json"))));
            long healthyPid = healthy.pid();
            CompletableFuture<Cli.Result> healthyRun = CompletableFuture.supplyAsync(() -> Cli.run("profile", healthyPid, "--duration", DURATION, "--json"));
            List<String> problems = new ArrayList<>();
            for (GrowthKinds k : GrowthKinds.values()) {
                problems.addAll(check(k, runs.get(k).join(), targets.get(k)));
            }
            problems.addAll(checkHealthy(healthyRun.join(), healthy));
            assertThat(problems).as("on " + jdk).isEmpty();
        } finally {
            for (CompletableFuture<TargetJvm> f : starting.values()) {
                f.thenAccept(TargetJvm::close).exceptionally(x -> null).join();
            }
            healthyStart.thenAccept(TargetJvm::close).exceptionally(x -> null).join();
        }
    }

    private List<String> check(GrowthKinds k, Cli.Result r, TargetJvm t) throws IOException {
        List<String> out = new ArrayList<>();
        if (r.exitCode() != 0) {
            out.add(k + ": exit " + r.exitCode() + ", stderr: " + r.err());
            return out;
        }
        JsonNode profile = r.json().path("profile");
        String seen = k + " (" + summary(profile) + "): ";
        if (!profile.path("mode").asText().equals("growth") || !profile.path("grows").asBoolean()) {
            out.add(seen + "not a growth profile of a growing JVM");
        }
        JsonNode first = profile.path("grew").path(0);
        k.problems(first).forEach(p -> out.add(seen + "first group: " + p));
        if (first.path("explained").asDouble() < 0.5) {
            out.add(seen + "the first group explains " + first.path("explained") + " of the growth, expected half or more");
        }
        JsonNode finding = null;
        for (JsonNode f : r.json().path("findings")) {
            if (f.path("id").asText().equals(k.findingId)) {
                finding = f;
            }
        }
        if (finding == null || finding.path("culprit").isMissingNode() || finding.path("culprit").isNull()) {
            out.add(seen + "no " + k.findingId + " finding with a culprit among " + r.json().path("findings"));
        } else if (!finding.path("summary").asText().contains("grows RSS by")) {
            out.add(seen + "finding summary without the growth rate: " + finding.path("summary"));
        }
        out.addAll(leftNothing(k.toString(), t));
        return out;
    }

    private List<String> checkHealthy(Cli.Result r, TargetJvm t) throws IOException {
        List<String> out = new ArrayList<>();
        if (r.exitCode() != 0) {
            out.add("healthy: exit " + r.exitCode() + ", stderr: " + r.err());
            return out;
        }
        JsonNode profile = r.json().path("profile");
        if (profile.path("grows").asBoolean() || profile.path("grew").size() != 0 || !profile.path("explained").isNull()) {
            out.add("healthy MallocLoop said to grow: " + summary(profile) + ", grew " + profile.path("grew"));
        }
        if (r.json().path("findings").size() != 0) {
            out.add("healthy MallocLoop has findings: " + r.json().path("findings"));
        }
        boolean said = false;
        for (JsonNode n : profile.path("notes")) {
            said |= n.asText().startsWith("RSS did not grow: ");
        }
        if (!said) {
            out.add("healthy MallocLoop: no note that RSS did not grow among " + profile.path("notes"));
        }
        out.addAll(leftNothing("healthy", t));
        return out;
    }

    /** The profiler is idle, holds no perf event, and its private folder is gone; it printed nothing into the target's output. */
    private List<String> leftNothing(String what, TargetJvm t) throws IOException {
        List<String> out = new ArrayList<>();
        if (!ProfilerProbe.leftovers(t.pid()).isEmpty()) {
            out.add(what + ": files left: " + ProfilerProbe.leftovers(t.pid()));
        }
        long perf = perfEvents(t.pid());
        if (perf != 0) {
            out.add(what + ": " + perf + " perf events still open after the profile");
        }
        String status = ProfilerProbe.status(t.pid(), scratch);
        if (!status.equals("Profiler is not active")) {
            out.add(what + ": profiler status after the profile: " + status);
        }
        if (t.output().contains("Profil")) {
            out.add(what + ": the profiler printed into the target's output: " + t.output());
        }
        return out;
    }

    static long perfEvents(long pid) throws IOException {
        long n = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    n += Files.readSymbolicLink(fd).toString().contains("perf_event") ? 1 : 0;
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return n;
    }

    /** Waits (up to 60 s) until the JVM's RSS moves less than 256 KiB over 2 s: past its warm-up. */
    private static void waitUntilSteady(TargetJvm t) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        List<Long> seen = new ArrayList<>();
        long previous = rss(t.pid());
        while (System.nanoTime() < deadline) {
            Thread.sleep(2000);
            long now = rss(t.pid());
            seen.add(now);
            if (Math.abs(now - previous) < 256 * 1024) {
                return;
            }
            previous = now;
        }
        throw new AssertionError("MallocLoop's RSS did not settle within 60 s: " + seen);
    }

    private static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            if (line.startsWith("Rss:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no Rss in /proc/" + pid + "/smaps_rollup");
    }

    private static String summary(JsonNode p) {
        JsonNode first = p.path("grew").path(0);
        return "rss " + p.path("rssGrowth").asLong() / 1024 + " KiB in " + p.path("duration") + " ms, explained " + p.path("explained")
                + ", first: " + first.path("title").asText() + " " + first.path("share");
    }
}
