package dev.offheap.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.cli.Main;
import dev.offheap.report.Json;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.UnsafeLeak;
import dev.offheap.zoo.ZipLeak;
import dev.offheap.zoo.ZstdLeak;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * offheap profile --malloc in its default mode (sampled, frees within the cost budget) attached to the zoo's native leaks,
 * NMT off, on JDK 17 and 25: the leaking library and Java method come first, churn stays out of the leaks, the
 * sampled byte figures match the known leak rate within 25%, and nothing of the profiler is left active or on disk.
 */
class ProfileLiveTest {
    private static final String LEAKING_METHOD = "com.github.luben.zstd.ZstdOutputStreamNoFinalizer.compressStream";
    private static final String DURATION = "8s";
    /**
     * What one Deflater keeps malloc'ed (zlib 1.2.13 at the default level: window, prev, head and pending_buf of
     * 64 KiB each and a 5,952-byte deflate_state, plus the 112-byte z_stream of Deflater.init), as --exact counts it.
     */
    private static final long DEFLATER_BYTES = 4 * 65536 + 5952 + 112;

    @TempDir
    Path scratch;

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void zstdJniLeakIsNamedAndChurnKeptApart(Jdk jdk) throws Exception {
        assumeTrue(jdk.installed(), jdk + " not installed");
        try (TargetJvm target = TargetJvm.builder(jdk, ZstdLeak.class).jvmArgs("-Xmx64m").args("150", "4").start()) {
            JsonNode doc = profile(target);
            JsonNode leaked = doc.path("profile").path("leaked");
            JsonNode top = leaked.get(0);
            assertThat(top.path("library").asText()).startsWith("libzstd-jni-1.5.7-6");
            assertThat(top.path("javaMethod").asText()).isEqualTo(LEAKING_METHOD);
            assertThat(frames(top)).contains("dev.offheap.zoo.ZstdLeak.leakOne");
            long leakedBytes = doc.path("profile").path("leakedBytes").asLong();
            long churnInLeaks = 0;
            for (int i = 0; i < leaked.size(); i++) {
                if (frames(leaked.get(i)).contains("dev.offheap.zoo.ZstdLeak.churnOne")) {
                    churnInLeaks += leaked.get(i).path("bytes").asLong();
                }
            }
            // churned streams are closed: what is left of them is a sample or two of zstd-jni's small allocations
            assertThat(churnInLeaks).as("churn bytes among leaks of %d", leakedBytes).isLessThan(leakedBytes / 20);
            JsonNode churn = doc.path("profile").path("churn");
            assertThat(churn.path("bytes").asLong()).isGreaterThan(leakedBytes);
            assertThat(frames(churn.path("stacks").get(0))).contains("dev.offheap.zoo.ZstdLeak.churnOne");
            JsonNode finding = doc.path("findings").get(0);
            assertThat(finding.path("id").asText()).isEqualTo("JNI_LIBRARY_LEAK");
            assertThat(finding.path("culprit").path("library").asText()).startsWith("libzstd-jni");
            assertThat(finding.path("culprit").path("javaMethod").asText()).isEqualTo(LEAKING_METHOD);
            assertThat(finding.path("summary").asText()).contains("still allocated at the end by libzstd-jni")
                    .contains("called from " + LEAKING_METHOD);
            assertLeftNothing(target);
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void unsafeLeakIsNamedByItsJavaCallerAndItsRateIsRight(Jdk jdk) throws Exception {
        assumeTrue(jdk.installed(), jdk + " not installed");
        int mibPerSecond = 8;
        try (TargetJvm target = TargetJvm.builder(jdk, UnsafeLeak.class).jvmArgs("-Xmx64m").args(String.valueOf(mibPerSecond)).start()) {
            JsonNode doc = profile(target);
            JsonNode finding = doc.path("findings").get(0);
            assertThat(finding.path("id").asText()).isEqualTo("UNSAFE_MEMORY_GROWTH");
            assertThat(finding.path("culprit").path("library").asText()).isEqualTo("libjvm.so");
            assertThat(finding.path("culprit").path("javaMethod").asText()).isEqualTo("dev.offheap.zoo.UnsafeLeak.main");
            assertThat(rate(doc, "dev.offheap.zoo.UnsafeLeak.main")).as("bytes/s leaked").isCloseTo(mibPerSecond * 1048576.0, within(mibPerSecond * 1048576.0 / 4));
            assertLeftNothing(target);
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void zlibLeakThroughJavaUtilZipIsNamedAndItsSampledRateIsRight(Jdk jdk) throws Exception {
        assumeTrue(jdk.installed(), jdk + " not installed");
        int perSecond = 40;
        try (TargetJvm target = TargetJvm.builder(jdk, ZipLeak.class).jvmArgs("-Xmx64m").args(String.valueOf(perSecond)).start()) {
            JsonNode doc = profile(target);
            JsonNode finding = doc.path("findings").get(0);
            assertThat(finding.path("id").asText()).isEqualTo("ZIP_STREAMS_NOT_ENDED");
            // Debian's OpenJDK links the system's libz.so.1; Temurin has zlib inside libzip.so
            assertThat(finding.path("culprit").path("library").asText()).matches("libz(ip)?\\.so.*");
            assertThat(finding.path("culprit").path("javaMethod").asText()).isEqualTo("java.util.zip.Deflater.init");
            assertThat(doc.path("profile").path("byLibrary").get(0).path("key").asText())
                    .isEqualTo(finding.path("culprit").path("library").asText());
            // allocations of 64 KiB and less: one in eight or so is recorded, the figures are scaled estimates
            assertThat(doc.path("profile").path("leakedBytesError").asDouble()).isBetween(0.01, 0.5);
            assertThat(rate(doc, "java.util.zip.Deflater.init")).as("bytes/s leaked").isCloseTo(perSecond * (double) DEFLATER_BYTES,
                    within(perSecond * DEFLATER_BYTES / 4.0));
            assertLeftNothing(target);
        }
    }

    private static JsonNode profile(TargetJvm target) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"profile", String.valueOf(target.pid()), "--malloc", "--duration", DURATION, "--json"},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("stderr: %s", err).isZero();
        JsonNode doc = Json.mapper().readTree(out.toString());
        assertThat(doc.path("profile").path("mode").asText()).isEqualTo("malloc");
        assertThat(doc.path("profile").path("variant").asText()).isEqualTo("nativemem");
        assertThat(doc.path("profile").path("intervalBytes").asLong()).isEqualTo(512 << 10);
        assertThat(doc.path("profile").path("leaked").size()).isPositive();
        return doc;
    }

    /** Bytes per second still allocated by the stacks through {@code frame}, over the judged part of the recording. */
    private static double rate(JsonNode doc, String frame) {
        long bytes = 0;
        for (JsonNode site : doc.path("profile").path("leaked")) {
            if (frames(site).contains(frame)) {
                bytes += site.path("bytes").asLong();
            }
        }
        return bytes * 1000.0 / doc.path("profile").path("judged").asLong();
    }

    private void assertLeftNothing(TargetJvm target) throws Exception {
        assertThat(ProfilerProbe.leftovers(target.pid())).isEmpty();
        assertThat(ProfilerProbe.status(target.pid(), scratch)).isEqualTo("Profiler is not active");
        assertThat(target.output()).as("the profiler prints nothing into the target's output").doesNotContain("Profil");
    }

    static List<String> frames(JsonNode site) {
        List<String> names = new ArrayList<>();
        site.path("frames").forEach(f -> names.add(f.path("name").asText()));
        return names;
    }
}
