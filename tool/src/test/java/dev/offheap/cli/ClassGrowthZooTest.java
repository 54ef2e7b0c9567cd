package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.model.PerfCounters;
import dev.offheap.proc.PerfDataFiles;
import dev.offheap.redact.Redactor;
import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.ClassLoaderLeak;
import dev.offheap.zoo.HealthyWarmup;
import dev.offheap.zoo.MethodHandleShapes;
import dev.offheap.zoo.PluginLoaders;
import dev.offheap.zoo.ProxyPerCall;
import dev.offheap.zoo.ReflectionAccessors;
import dev.offheap.zoo.RuleEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which kind of class grows, told live for the class-growth zoo on JDK 17 and 25: the first warning names the kind
 * (HIDDEN_CLASS_GROWTH for lambdas and LambdaForms, CLASSLOADER_LEAK naming the loader type for a proxy, plugin or
 * generated class in a new loader per call, REFLECTION_ACCESSOR_LOADERS on 17, METASPACE_GROWTH saying "named classes
 * into existing loaders" for JDK 25's reflection case), and the app whose classes level off gets no class finding
 * above info, although the safepoint sources were read for it. Each program runs as one JVM per JDK, three at a time,
 * watched once at 1 s: from when it loads 80 classes a second, for 12 s or as long as ~1500 classes take at that rate
 * (at most 60 s); the warm-up for 16 s from its start, so that its last quarter shows it levelled off. The research
 * for issue 26 found that the NMT level changed none of the class readings (counters, loader statistics, names); it
 * only adds NMT's Class mallocs per class as evidence. So RuleEngine (the case) runs at NMT off, summary and
 * detail on each JDK, and every other program at one level, the levels spread over them. Each watch is recorded, and
 * 'offheap analyze' of the recording gives the same first finding.
 */
class ClassGrowthZooTest {
    private static final int AT_ONCE = 3;
    /** What the class rules need over a watch (ClassGrowth.MIN_CLASSES). */
    static final long MIN_GROWTH = 500;
    private static final long WARM_RATE = 80;
    private static final java.util.Set<String> CLASS_FINDINGS = java.util.Set.of("METASPACE_GROWTH", "CLASSLOADER_LEAK",
            "HIDDEN_CLASS_GROWTH", "REFLECTION_ACCESSOR_LOADERS", "DUPLICATE_CLASSES");

    @TempDir
    Path tmp;

    /** One JVM: program, its arguments, NMT level, watch length, and what its watch document must show. */
    record Case(Class<?> program, List<String> args, String level, String duration, String firstId, Consumer<Check> more) {
        String name(Jdk jdk) {
            return program.getSimpleName() + " on " + jdk + " at NMT " + level;
        }
    }

    /** The watch document of a case and the soft assertions to check it with. */
    record Check(String what, JsonNode doc, JsonNode first, SoftAssertions soft) {
        void title(String title) {
            soft.assertThat(first.path("title").asText()).as(what).isEqualTo(title);
        }

        void culprit(String className) {
            soft.assertThat(first.path("culprit").path("className").asText()).as(what).isEqualTo(className);
        }

        void evidence(String part) {
            soft.assertThat(first.path("evidence").toString()).as(what).contains(part);
        }

        void noFinding(String id) {
            soft.assertThat(ids(doc)).as(what).noneMatch(f -> f.startsWith(id + ":"));
        }
    }

    static List<Case> cases(Jdk jdk) {
        List<Case> cases = new ArrayList<>();
        for (String level : List.of("off", "summary", "detail")) {
            cases.add(new Case(RuleEngine.class, List.of("200"), level, "12s", "HIDDEN_CLASS_GROWTH", c -> {
                c.title("Lambdas of dev.offheap.zoo.RuleEngine keep being generated");
                c.culprit("dev.offheap.zoo.RuleEngine");
                c.evidence("dev.offheap.zoo.RuleEngine$$Lambda ");
                c.evidence("no hidden class with a class loader data of its own");
                c.noFinding("CLASSLOADER_LEAK");
            }));
        }
        boolean j17 = jdk == Jdk.JDK17;
        cases.add(new Case(MethodHandleShapes.class, List.of("100"), j17 ? "summary" : "off", "12s", "HIDDEN_CLASS_GROWTH", c -> {
            c.title("Method handles keep generating LambdaForm classes");
            c.evidence("java.lang.invoke.LambdaForm$");
            c.evidence("in <boot class loader> (+");
            c.noFinding("CLASSLOADER_LEAK");
        }));
        cases.add(new Case(ProxyPerCall.class, List.of("200"), j17 ? "detail" : "summary", "12s", "CLASSLOADER_LEAK", c -> {
            c.culprit("dev.offheap.zoo.ProxyPerCall$CallLoader");
            c.evidence("live loaders of type dev.offheap.zoo.ProxyPerCall$CallLoader (+");
            c.noFinding("HIDDEN_CLASS_GROWTH");
        }));
        cases.add(new Case(PluginLoaders.class, List.of("200"), j17 ? "summary" : "detail", "12s", "CLASSLOADER_LEAK", c -> {
            c.culprit("java.net.URLClassLoader");
            c.evidence("jar files opened: a new URLClassLoader opens its jars again");
        }));
        cases.add(new Case(ClassLoaderLeak.class, List.of("400"), j17 ? "detail" : "off", "12s", "CLASSLOADER_LEAK",
                c -> c.culprit("dev.offheap.zoo.GeneratedClasses$GeneratingLoader")));
        if (j17) {
            cases.add(new Case(ReflectionAccessors.class, List.of("100"), "off", "12s", "REFLECTION_ACCESSOR_LOADERS", c -> {
                c.culprit("jdk.internal.reflect.DelegatingClassLoader");
                c.noFinding("CLASSLOADER_LEAK");
            }));
        } else {
            // no accessors since JEP 416: what is left is Gen classes defined into the one loader that existed; no cause
            // to name, so METASPACE_GROWTH, which ranks after native growth (seen under load: the JIT's arenas)
            cases.add(new Case(ReflectionAccessors.class, List.of("100"), "summary", "12s", "~METASPACE_GROWTH", c -> {
                c.evidence("what grows: named classes defined into loaders that already existed");
                c.noFinding("CLASSLOADER_LEAK");
                c.noFinding("REFLECTION_ACCESSOR_LOADERS");
            }));
        }
        // 200 classes a second for its first 8 s, then a fixed set: safepoint sources read, nothing above info
        cases.add(new Case(HealthyWarmup.class, List.of("4", "64", "8", "200"), j17 ? "off" : "summary", "16s", null, c -> {
            JsonNode series = c.doc().path("series");
            c.soft().assertThat(series.get(series.size() - 1).path("classes").asLong() - series.get(0).path("classes").asLong())
                    .as("%s: classes loaded during the watch", c.what()).isGreaterThan(ClassGrowthZooTest.MIN_GROWTH);
            c.soft().assertThat(c.doc().path("notes").toString()).as(c.what()).contains("VM.classloader_stats at ");
        }));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void theFirstFindingNamesTheKindOfClassThatGrows(Jdk jdk) throws Exception {
        assumeTrue(jdk.installed(), jdk + " is not installed");
        List<Case> cases = cases(jdk);
        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        SoftAssertions soft = new SoftAssertions();
        try {
            List<Future<JsonNode[]>> runs = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                Path recording = tmp.resolve(jdk + "-" + i + ".jsonl");
                runs.add(pool.submit(() -> run(jdk, c, recording)));
            }
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                JsonNode[] docs = runs.get(i).get();
                check(c.name(jdk), c, docs[0], docs[1], soft);
            }
        } finally {
            pool.shutdownNow();
        }
        soft.assertAll();
    }

    /** Starts the case's JVM, watches it with a recording, analyzes the recording; kills the JVM. */
    private static JsonNode[] run(Jdk jdk, Case c, Path recording) throws Exception {
        TargetJvm.Builder b = TargetJvm.builder(jdk, c.program()).jvmArgs("-Xms16m", "-Xmx256m",
                "-XX:NativeMemoryTracking=" + c.level(), "-XX:+EnableDynamicAgentLoading").args(c.args().toArray(String[]::new));
        try (TargetJvm t = b.start()) {
            String duration = c.duration();
            if (c.firstId() != null) {
                // long enough for ~1500 classes at the rate it loads them now (the rules need 500): a loaded machine slows
                // the programs down, unevenly (seen: ProxyPerCall at NMT detail, load average 19, 20 to 60 a second)
                long rate = awaitWarm(t, c.name(jdk));
                duration = Math.max(12, Math.min(60, (1500 + rate - 1) / rate)) + "s";
            }
            JsonNode watched = ZooWatchTest.watch(t.pid(), List.of("--record", recording.toString()), "1s", duration);
            Cli.Result analyzed = Cli.run("analyze", "--json", recording);
            assertThat(analyzed.exitCode()).as("%s: analyze %s: %s", c.name(jdk), recording, analyzed.err()).isZero();
            return new JsonNode[] {watched, analyzed.json()};
        }
    }

    /**
     * Waits until the program loads {@value #WARM_RATE} classes a second or more: the first come slowly while the JIT
     * compiles the generator (seen on a shared machine, load average 15: 10 a second for the first seconds of
     * ProxyPerCall on JDK 25), and the rules need 500 over the watch. Returns the rate over the last 3 s.
     */
    private static long awaitWarm(TargetJvm t, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        java.util.ArrayDeque<long[]> seen = new java.util.ArrayDeque<>(); // {nanoTime, loaded}
        while (true) {
            long now = System.nanoTime();
            long classes = loaded(t.pid());
            seen.addLast(new long[] {now, classes});
            while (now - seen.peekFirst()[0] > TimeUnit.SECONDS.toNanos(3)) {
                seen.removeFirst();
            }
            long span = now - seen.peekFirst()[0];
            long rate = span == 0 ? 0 : (classes - seen.peekFirst()[1]) * TimeUnit.SECONDS.toNanos(1) / span;
            if (rate >= WARM_RATE && span >= TimeUnit.MILLISECONDS.toNanos(2800)) {
                return rate;
            }
            if (now > deadline) {
                throw new AssertionError(what + ": still under " + WARM_RATE + " classes a second after 60 s (last 3 s: "
                        + rate + " a second); output: " + t.output());
            }
            Thread.sleep(100);
        }
    }

    private static long loaded(long pid) {
        PerfCounters c = PerfDataFiles.counters(pid, Redactor.standard()).orElseThrow(() -> new AssertionError("no hsperfdata for pid " + pid));
        return c.number("java.cls.loadedClasses").orElse(0) + c.number("java.cls.sharedLoadedClasses").orElse(0);
    }

    private static void check(String what, Case c, JsonNode doc, JsonNode analyzed, SoftAssertions soft) {
        soft.assertThat(doc.path("target").path("nmt").asText()).as(what).isEqualTo(c.level());
        List<JsonNode> serious = serious(doc);
        if (c.firstId() == null) {
            // the class findings; that nothing else warns while such a JVM warms up is WarmupQuietTest's (seen here on JDK
            // 25 under a load average of 15: NATIVE_MALLOC_GROWTH from the JIT compiling the new classes' code)
            soft.assertThat(ids(doc)).as("%s: a JVM whose classes levelled off; %s", what, serious)
                    .noneMatch(f -> CLASS_FINDINGS.contains(f.substring(0, f.indexOf(':'))) && !f.endsWith(":info"));
            c.more().accept(new Check(what, doc, null, soft));
            return;
        }
        if (serious.isEmpty()) {
            soft.fail("%s: no finding above info; findings %s, classes %s, notes %s", what, ids(doc), classes(doc), doc.path("notes"));
            return;
        }
        // "~ID": ID above info, not necessarily first
        boolean anywhere = c.firstId().startsWith("~");
        String id = anywhere ? c.firstId().substring(1) : c.firstId();
        JsonNode first = anywhere ? serious.stream().filter(f -> f.path("id").asText().equals(id)).findFirst().orElse(serious.get(0))
                : serious.get(0);
        String seen = what + ": findings " + ids(doc) + ", " + (anywhere ? id : "first") + " " + first;
        soft.assertThat(first.path("id").asText()).as(seen).isEqualTo(id);
        c.more().accept(new Check(seen, doc, first, soft));
        // the recording holds the same evidence: its analysis gives the same first finding
        List<JsonNode> again = serious(analyzed).stream().filter(f -> !anywhere || f.path("id").asText().equals(id)).toList();
        soft.assertThat(again).as("%s: analyze of the recording", what).isNotEmpty();
        if (!again.isEmpty()) {
            soft.assertThat(again.get(0).path("id")).as("%s: analyze of the recording", what).isEqualTo(first.path("id"));
            soft.assertThat(again.get(0).path("title")).as("%s: analyze of the recording", what).isEqualTo(first.path("title"));
            soft.assertThat(again.get(0).path("evidence")).as("%s: analyze of the recording", what).isEqualTo(first.path("evidence"));
        }
    }

    /** The classes of each sample, for a failure's message. */
    private static List<Long> classes(JsonNode doc) {
        List<Long> out = new ArrayList<>();
        doc.path("series").forEach(s -> out.add(s.path("classes").asLong()));
        return out;
    }

    private static List<JsonNode> serious(JsonNode doc) {
        List<JsonNode> out = new ArrayList<>();
        doc.path("findings").forEach(f -> {
            if (!f.path("severity").asText().equals("info")) {
                out.add(f);
            }
        });
        return out;
    }

    private static List<String> ids(JsonNode doc) {
        List<String> ids = new ArrayList<>();
        doc.path("findings").forEach(f -> ids.add(f.path("id").asText() + ":" + f.path("severity").asText()));
        return ids;
    }
}
