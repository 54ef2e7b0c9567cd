package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.ClassLoaderLeak;
import dev.offheap.zoo.CodeCacheFill;
import dev.offheap.zoo.DirectBufferChurn;
import dev.offheap.zoo.DirectBufferLeak;
import dev.offheap.zoo.HealthyWarmup;
import dev.offheap.zoo.NioTempBufferCache;
import dev.offheap.zoo.ReflectionAccessors;
import dev.offheap.zoo.ThreadLeak;
import dev.offheap.zoo.UnsafeLeak;
import dev.offheap.zoo.ZipArenas;
import dev.offheap.zoo.ZstdLeak;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The zoo, diagnosed for real: each program runs as a JVM on JDK 17 (and 25 where the cause exists there), is
 * watched for 7 s at 1 s, and the cause it demonstrates must be the first finding. One JVM at a time.
 */
class ZooWatchTest {
    private static final String NMT = "-XX:NativeMemoryTracking=summary";
    private static final String HISTOGRAM = "--histogram";

    static Stream<Arguments> zoo() {
        List<Arguments> cases = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            boolean all = jdk == Jdk.JDK17; // reflection accessors exist up to JDK 17 only
            cases.add(Arguments.of(jdk, DirectBufferLeak.class, List.of("-Xmx256m", NMT), List.of("8", "8", "512"), List.of(), "DIRECT_BUFFER_GROWTH"));
            cases.add(Arguments.of(jdk, NioTempBufferCache.class, List.of("-Xmx256m", NMT), List.of(), List.of(), "NIO_TEMP_BUFFER_CACHE"));
            cases.add(Arguments.of(jdk, DirectBufferChurn.class, List.of("-Xmx256m", NMT, "-XX:+DisableExplicitGC",
                    "-XX:MaxTenuringThreshold=0"), List.of(), List.of(), "DISABLE_EXPLICIT_GC"));
            cases.add(Arguments.of(jdk, UnsafeLeak.class, List.of("-Xmx128m", NMT), List.of("4"), List.of(), "UNSAFE_MEMORY_GROWTH"));
            cases.add(Arguments.of(jdk, ZstdLeak.class, List.of("-Xmx128m", NMT), List.of(), List.of(), "NATIVE_MALLOC_GROWTH"));
            cases.add(Arguments.of(jdk, ReflectionAccessors.class, List.of("-Xmx256m", NMT), List.of(), List.of(HISTOGRAM),
                    all ? "REFLECTION_ACCESSOR_LOADERS" : "-"));
            cases.add(Arguments.of(jdk, HealthyWarmup.class, List.of("-Xms16m", "-Xmx256m", NMT), List.of(), List.of(), null));
            cases.add(Arguments.of(jdk, ClassLoaderLeak.class, List.of("-Xmx256m", NMT), List.of(), List.of(HISTOGRAM), "CLASSLOADER_LEAK"));
            cases.add(Arguments.of(jdk, ThreadLeak.class, List.of("-Xmx128m", NMT), List.of(), List.of(), "THREAD_GROWTH"));
            // 800 new compiled classes a second fill a 4 MiB code cache in a few seconds on both JDKs
            cases.add(Arguments.of(jdk, CodeCacheFill.class, List.of("-Xmx256m", NMT, "-XX:ReservedCodeCacheSize=4m",
                    "-XX:-UseCodeCacheFlushing"), List.of("800"), List.of(), "CODE_CACHE_FULL"));
            cases.add(Arguments.of(jdk, ZipArenas.class, List.of("-Xmx128m", NMT), List.of(), List.of(), "GLIBC_ARENAS"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} on {0}: first finding {5}")
    @MethodSource("zoo")
    void watchNamesTheCauseFirst(Jdk jdk, Class<?> program, List<String> jvmArgs, List<String> args, List<String> watchOptions,
                                 String expected) throws Exception {
        assumeTrue(jdk.installed(), jdk + " is not installed");
        TargetJvm.Builder b = TargetJvm.builder(jdk, program).jvmArgs(jvmArgs.toArray(String[]::new))
                .jvmArgs("-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading").args(args.toArray(String[]::new));
        if (program == ZstdLeak.class) {
            b.classPath(zstdJar());
        }
        try (TargetJvm target = b.start()) {
            List<String> cmd = new ArrayList<>(List.of("watch", "--interval", "1s", "--duration", "7s", "--json"));
            cmd.addAll(watchOptions);
            cmd.add(Long.toString(target.pid()));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(cmd.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
            assertThat(code).as("exit code; stderr: %s", err).isZero();
            JsonNode doc = new ObjectMapper().readTree(out.toString());
            assertThat(doc.path("series").size()).isGreaterThanOrEqualTo(5);
            assertThat(doc.path("series").get(0).path("categories").has("java-heap")).isTrue();
            List<String> ids = new ArrayList<>();
            doc.path("findings").forEach(f -> ids.add(f.path("id").asText() + ":" + f.path("severity").asText()));
            if (expected == null) {
                assertThat(ids).as("a healthy JVM warming up").allMatch(id -> id.endsWith(":info"));
            } else if (expected.equals("-")) {
                assertThat(ids).noneMatch(id -> id.startsWith("REFLECTION_ACCESSOR_LOADERS"));
                List<String> notes = new ArrayList<>();
                doc.path("notes").forEach(n -> notes.add(n.asText()));
                assertThat(notes).anyMatch(n -> n.startsWith("REFLECTION_ACCESSOR_LOADERS does not apply: on JDK 25"));
            } else {
                assertThat(ids).as("findings of %s", program.getSimpleName()).isNotEmpty();
                assertThat(ids.get(0)).as("findings %s", ids).startsWith(expected + ":");
                assertThat(ids.get(0)).matches(".*:(warning|critical)");
            }
        }
    }

    private static String zstdJar() throws URISyntaxException {
        return Path.of(com.github.luben.zstd.Zstd.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

}
