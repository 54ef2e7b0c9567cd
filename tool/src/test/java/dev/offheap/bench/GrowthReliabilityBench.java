package dev.offheap.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.testing.Cli;
import dev.offheap.testing.GrowthKinds;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The growth profile's reliability as a figure: each growth kind of the zoo (GrowthKinds: the culprit GrowthProfileLiveTest
 * expects first) is profiled RUNS times, each on a fresh JVM (3 s after "ready"), for SECONDS; prints for each run
 * whether the culprit's group came first with its finding, its share of the faults and of the RSS growth, and per kind
 * how often it was first. KINDS at a time run concurrently (default 2; 2 cores).
 * Run: {@code bench/growth-reliability.sh [RUNS] [SECONDS] [17|25] [KIND...]}.
 */
public final class GrowthReliabilityBench {
    /** One profile: culprit first (with its finding), the first group's share of faults and of the growth, the interval. */
    record Run(boolean first, double share, double explained, String interval, String problem) {
    }

    private GrowthReliabilityBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Jdk jdk = args.length > 2 && args[2].equals("25") ? Jdk.JDK25 : Jdk.JDK17;
        List<GrowthKinds> kinds = args.length > 3 ? Arrays.stream(args).skip(3).map(a -> GrowthKinds.valueOf(a.toUpperCase(Locale.ROOT))).toList()
                : List.of(GrowthKinds.values());
        int parallel = Integer.parseInt(System.getProperty("bench.parallel", "2"));
        System.out.printf(Locale.ROOT, "growth profile reliability: %d runs of %d s per kind on %s, %d kinds at a time%n", runs, seconds, jdk, parallel);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        Map<GrowthKinds, Future<List<Run>>> results = new LinkedHashMap<>();
        for (GrowthKinds k : kinds) {
            results.put(k, pool.submit(() -> {
                List<Run> out = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    Run r = once(k, jdk, seconds);
                    out.add(r);
                    System.out.printf(Locale.ROOT, "  %-9s run %2d: %s, first group %.1f%% of the faults, %.0f%% of the growth, interval %s%s%n",
                            k, i + 1, r.first() ? "culprit first" : "NOT first", r.share() * 100, r.explained() * 100, r.interval(),
                            r.problem() == null ? "" : " (" + r.problem() + ")");
                }
                return out;
            }));
        }
        pool.shutdown();
        System.out.printf(Locale.ROOT, "%n%-10s %-14s %-28s %-28s%n", "kind", "culprit first", "its share of the faults", "of the RSS growth");
        for (Map.Entry<GrowthKinds, Future<List<Run>>> e : results.entrySet()) {
            List<Run> rs = e.getValue().get();
            long first = rs.stream().filter(Run::first).count();
            System.out.printf(Locale.ROOT, "%-10s %-14s %-28s %-28s%n", e.getKey(), first + " of " + rs.size(),
                    range(rs.stream().mapToDouble(Run::share).toArray()), range(rs.stream().mapToDouble(Run::explained).toArray()));
        }
    }

    private static Run once(GrowthKinds k, Jdk jdk, int seconds) throws InterruptedException {
        try (TargetJvm t = k.start(jdk)) {
            Thread.sleep(3000);
            Cli.Result r = Cli.run("profile", t.pid(), "--duration", seconds + "s", "--json");
            if (r.exitCode() != 0) {
                return new Run(false, 0, 0, "-", "exit " + r.exitCode() + ": " + r.err().strip());
            }
            JsonNode p = r.json().path("profile");
            JsonNode g = p.path("grew").path(0);
            List<String> problems = new ArrayList<>(k.problems(g));
            boolean finding = false;
            for (JsonNode f : r.json().path("findings")) {
                finding |= f.path("id").asText().equals(k.findingId) && f.path("culprit").isObject();
            }
            if (!finding) {
                problems.add("no " + k.findingId + " finding with a culprit");
            }
            List<String> intervals = new ArrayList<>();
            p.path("intervals").forEach(c -> intervals.add(c.path("interval").asText()));
            return new Run(problems.isEmpty(), g.path("share").asDouble(), g.path("explained").asDouble(), String.join("/", intervals),
                    problems.isEmpty() ? null : String.join("; ", problems));
        }
    }

    private static String range(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return String.format(Locale.ROOT, "%.1f%% [%.1f-%.1f]", median * 100, s[0] * 100, s[s.length - 1] * 100);
    }
}
