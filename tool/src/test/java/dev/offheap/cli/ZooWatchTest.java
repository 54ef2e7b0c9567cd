package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.CodeCacheFill;
import dev.offheap.zoo.DirectBufferChurn;
import dev.offheap.zoo.DirectBufferLeak;
import dev.offheap.zoo.HealthyWarmup;
import dev.offheap.zoo.Idle;
import dev.offheap.zoo.NioTempBufferCache;
import dev.offheap.zoo.ThreadLeak;
import dev.offheap.zoo.UnsafeLeak;
import dev.offheap.zoo.ZipArenas;
import dev.offheap.zoo.ZipLeak;
import dev.offheap.zoo.ZstdLeak;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The zoo, diagnosed for real at every NMT level: each program runs as three JVMs at once, with NMT off, summary and
 * detail, on JDK 17 and 25 (where the cause exists there); each is watched for 7 s at 1 s, and the first warning or
 * critical finding must be the cause the program demonstrates, the same at every level, or, where a level lacks the
 * evidence to name it, a finding that says which evidence is missing. Healthy programs get no warning at any level.
 * The class-growth programs (loaders, reflection accessors, lambdas, method handles) are in {@link ClassGrowthZooTest}.
 */
class ZooWatchTest {
    private static final List<String> LEVELS = List.of("off", "summary", "detail");
    /** With NMT off Unsafe.allocateMemory is plain malloc: the growth is named, with what NMT would have told. */
    private static final Map<String, Expected> UNSAFE_WITHOUT_NMT = Map.of("off", new Expected("NATIVE_MALLOC_GROWTH",
            "NMT is off: the JVM's own malloc (Unsafe.allocateMemory, JIT, GC) cannot be told from JNI libraries' here"));

    /** The first warning-or-above finding's id (null: none at all), and a line its evidence must start with. */
    record Expected(String id, String evidence) {
    }

    static Stream<Arguments> zoo() {
        List<Arguments> cases = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            cases.add(zoo(jdk, DirectBufferLeak.class, List.of("-Xmx256m"), List.of("8", "8", "512"), List.of(), "DIRECT_BUFFER_GROWTH"));
            cases.add(zoo(jdk, NioTempBufferCache.class, List.of("-Xmx256m"), List.of(), List.of(), "NIO_TEMP_BUFFER_CACHE"));
            cases.add(zoo(jdk, DirectBufferChurn.class, List.of("-Xmx256m", "-XX:+DisableExplicitGC", "-XX:MaxTenuringThreshold=0"),
                    List.of(), List.of(), "DISABLE_EXPLICIT_GC"));
            cases.add(Arguments.of(jdk, UnsafeLeak.class, List.of("-Xmx128m"), List.of("4"), List.of(), "UNSAFE_MEMORY_GROWTH",
                    UNSAFE_WITHOUT_NMT));
            cases.add(zoo(jdk, ZstdLeak.class, List.of("-Xmx128m"), List.of(), List.of(), "NATIVE_MALLOC_GROWTH"));
            cases.add(zoo(jdk, ZipLeak.class, List.of("-Xmx128m"), List.of(), List.of(), "NATIVE_MALLOC_GROWTH"));
            cases.add(zoo(jdk, HealthyWarmup.class, List.of("-Xms16m", "-Xmx256m"), List.of(), List.of(), null));
            cases.add(zoo(jdk, Idle.class, List.of("-Xmx128m"), List.of(), List.of(), null));
            cases.add(zoo(jdk, ThreadLeak.class, List.of("-Xmx128m"), List.of(), List.of(), "THREAD_GROWTH"));
            // 800 new compiled classes a second fill a 4 MiB code cache in a few seconds on both JDKs
            cases.add(zoo(jdk, CodeCacheFill.class, List.of("-Xmx256m", "-XX:ReservedCodeCacheSize=4m", "-XX:-UseCodeCacheFlushing"),
                    List.of("800"), List.of(), "CODE_CACHE_FULL"));
            cases.add(zoo(jdk, ZipArenas.class, List.of("-Xmx128m"), List.of(), List.of(), "GLIBC_ARENAS"));
        }
        return cases.stream();
    }

    private static Arguments zoo(Jdk jdk, Class<?> program, List<String> jvmArgs, List<String> args, List<String> watchOptions,
                                 String expected) {
        return Arguments.of(jdk, program, jvmArgs, args, watchOptions, expected, Map.of());
    }

    @ParameterizedTest(name = "{1} on {0}: first finding {5} at NMT off, summary and detail")
    @MethodSource("zoo")
    void watchNamesTheSameCauseFirstAtEveryNmtLevel(Jdk jdk, Class<?> program, List<String> jvmArgs, List<String> args,
                                                    List<String> watchOptions, String expected, Map<String, Expected> byLevel)
            throws Exception {
        assumeTrue(jdk.installed(), jdk + " is not installed");
        // the code cache fills only as fast as the JIT compiles: three JVMs compiling at once on two cores are too
        // slow for a 7 s watch, so that one runs a level at a time; the others run their three levels at once
        List<List<String>> batches = program == CodeCacheFill.class ? LEVELS.stream().map(List::of).toList() : List.of(LEVELS);
        for (List<String> batch : batches) {
            List<TargetJvm> targets = new ArrayList<>();
            try {
                for (String level : batch) {
                    TargetJvm.Builder b = TargetJvm.builder(jdk, program).jvmArgs(jvmArgs.toArray(String[]::new))
                            .jvmArgs("-XX:NativeMemoryTracking=" + level, "-XX:+IgnoreUnrecognizedVMOptions",
                                    "-XX:+EnableDynamicAgentLoading").args(args.toArray(String[]::new));
                    if (program == ZstdLeak.class) {
                        b.classPath(zstdJar());
                    }
                    targets.add(b.start());
                }
                List<CompletableFuture<JsonNode>> watches = new ArrayList<>();
                for (TargetJvm t : targets) {
                    watches.add(CompletableFuture.supplyAsync(() -> watch(t.pid(), watchOptions)));
                }
                for (int i = 0; i < batch.size(); i++) {
                    String level = batch.get(i);
                    Expected e = byLevel.getOrDefault(level, new Expected(expected, null));
                    check(program.getSimpleName() + " at NMT " + level, watches.get(i).join(), level, e);
                    if (program == CodeCacheFill.class) {
                        // a full code cache is a state: one report of the same JVM says so, without a watch
                        reportSaysTheCodeCacheIsFull(targets.get(i).pid(), level);
                    }
                }
            } finally {
                targets.forEach(TargetJvm::close);
            }
        }
    }

    private static JsonNode watch(long pid, List<String> watchOptions) {
        return watch(pid, watchOptions, "1s", "7s");
    }

    /** {@code offheap watch PID --json} at {@code interval} for {@code duration}: its document. */
    static JsonNode watch(long pid, List<String> watchOptions, String interval, String duration) {
        List<String> cmd = new ArrayList<>(List.of("watch", "--interval", interval, "--duration", duration, "--json"));
        cmd.addAll(watchOptions);
        cmd.add(Long.toString(pid));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(cmd.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        try {
            return new ObjectMapper().readTree(out.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void check(String what, JsonNode doc, String level, Expected expected) {
        assertThat(doc.path("target").path("nmt").asText()).as(what).isEqualTo(level);
        assertThat(doc.path("series").size()).as(what).isGreaterThanOrEqualTo(5);
        assertThat(doc.path("series").get(0).path("categories").has("java-heap")).isTrue();
        List<String> ids = new ArrayList<>();
        List<JsonNode> serious = new ArrayList<>();
        doc.path("findings").forEach(f -> {
            ids.add(f.path("id").asText() + ":" + f.path("severity").asText());
            if (!f.path("severity").asText().equals("info")) {
                serious.add(f);
            }
        });
        if (expected.id() == null) {
            assertThat(ids).as("%s: a healthy JVM", what).allMatch(id -> id.endsWith(":info"));
        } else {
            assertThat(serious).as("%s: findings %s", what, ids).isNotEmpty();
            assertThat(serious.get(0).path("id").asText()).as("%s: findings %s", what, ids).isEqualTo(expected.id());
            if (expected.evidence() != null) {
                List<String> evidence = new ArrayList<>();
                serious.get(0).path("evidence").forEach(e -> evidence.add(e.asText()));
                assertThat(evidence).as(what).anyMatch(e -> e.startsWith(expected.evidence()));
            }
        }
    }

    private static void reportSaysTheCodeCacheIsFull(long pid, String level) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"report", "--json", Long.toString(pid)}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("report exit code; stderr: %s", err).isZero();
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(out.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> ids = new ArrayList<>();
        doc.path("findings").forEach(f -> ids.add(f.path("id").asText() + ":" + f.path("severity").asText()));
        assertThat(ids).as("report of CodeCacheFill at NMT %s", level).first().asString().startsWith("CODE_CACHE_FULL:");
    }

    private static String zstdJar() throws URISyntaxException {
        return Path.of(com.github.luben.zstd.Zstd.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
