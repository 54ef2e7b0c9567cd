package dev.offheap.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.cli.Main;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** offheap profile attached to a live JVM that leaks through zstd-jni while churning through it (JDK 17 and 25). */
class ProfileLiveTest {
    private static final String LEAKING_METHOD = "com.github.luben.zstd.ZstdOutputStreamNoFinalizer.compressStream";

    @TempDir
    Path scratch;

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void namesTheLeakingJniLibraryAndJavaMethodAndKeepsChurnOutOfTheLeaks(Jdk jdk) throws Exception {
        assumeTrue(jdk.installed(), jdk + " not installed");
        try (TargetJvm target = TargetJvm.builder(jdk, ZstdLeak.class).jvmArgs("-Xmx64m").args("150", "4").start()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"profile", String.valueOf(target.pid()), "--duration", "3s", "--json"},
                    new PrintWriter(out), new PrintWriter(err));
            assertThat(code).as("stderr: %s", err).isZero();
            JsonNode doc = Json.mapper().readTree(out.toString());
            JsonNode leaked = doc.path("profile").path("leaked");
            assertThat(leaked.size()).isPositive();
            JsonNode top = leaked.get(0);
            assertThat(top.path("library").asText()).startsWith("libzstd-jni-1.5.7-6");
            assertThat(top.path("javaMethod").asText()).isEqualTo(LEAKING_METHOD);
            assertThat(frames(top)).contains("dev.offheap.zoo.ZstdLeak.leakOne");

            long leakedBytes = doc.path("profile").path("leakedBytes").asLong();
            long churnInLeaks = 0;
            for (int i = 0; i < leaked.size(); i++) {
                if (frames(leaked.get(i)).contains("dev.offheap.zoo.ZstdLeak.churnOne")) {
                    churnInLeaks += leaked.get(i).path("bytes").asLong();
                    assertThat(i).as("rank of a churn stack among the leaks").isGreaterThan(2);
                }
            }
            // churned streams are closed: at most a few bytes zstd-jni keeps (tens of bytes against megabytes)
            assertThat(churnInLeaks).as("churn bytes among leaks of %d", leakedBytes).isLessThan(leakedBytes / 1000);
            JsonNode churn = doc.path("profile").path("churn");
            assertThat(churn.path("bytes").asLong()).isGreaterThan(leakedBytes);
            assertThat(frames(churn.path("stacks").get(0))).contains("dev.offheap.zoo.ZstdLeak.churnOne");

            JsonNode finding = doc.path("findings").get(0);
            assertThat(finding.path("id").asText()).isEqualTo("JNI_LIBRARY_LEAK");
            assertThat(finding.path("culprit").path("library").asText()).startsWith("libzstd-jni");
            assertThat(finding.path("culprit").path("javaMethod").asText()).isEqualTo(LEAKING_METHOD);
            assertThat(finding.path("summary").asText()).contains("still allocated at the end by libzstd-jni")
                    .contains("called from " + LEAKING_METHOD);

            assertThat(ProfilerProbe.leftovers(target.pid())).isEmpty();
            assertThat(ProfilerProbe.status(target.pid(), scratch)).isEqualTo("Profiler is not active");
            assertThat(target.output()).as("the profiler prints nothing into the target's output").doesNotContain("Profil");
        }
    }

    static List<String> frames(JsonNode site) {
        List<String> names = new ArrayList<>();
        site.path("frames").forEach(f -> names.add(f.path("name").asText()));
        return names;
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
