package dev.offheap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.cli.Main;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that preloads jemalloc: offheap profile --malloc refuses it in one line, and profiles it with --force; the
 * growth profile, which hooks no allocator, profiles it without either.
 */
class ProfileRefusalTest {
    private static final String JEMALLOC = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";

    @TempDir
    Path scratch;

    @Test
    void aPreloadedJemallocIsRefusedInOneLineAndForceProfilesAnyway() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of(JEMALLOC)), "libjemalloc2 not installed");
        try (TargetJvm target = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx64m").env("LD_PRELOAD", JEMALLOC).start()) {
            String pid = String.valueOf(target.pid());
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"profile", pid, "--malloc", "--duration", "2s"}, new PrintWriter(out), new PrintWriter(err));
            assertThat(code).isEqualTo(3);
            assertThat(out.toString()).isEmpty();
            assertThat(err.toString()).isEqualTo("offheap profile: pid " + pid + " preloads " + JEMALLOC + " (LD_PRELOAD):"
                    + " async-profiler's malloc hooks may miss or mismatch calls into a replaced allocator; use the allocator's"
                    + " own profiling (offheap run --jemalloc); --force profiles anyway" + System.lineSeparator());
            assertThat(ProfilerProbe.status(target.pid(), scratch)).as("nothing loaded").isEqualTo("not loaded");

            StringWriter forcedErr = new StringWriter();
            code = Main.run(new String[] {"profile", pid, "--malloc", "--duration", "2s", "--force", "--json"}, new PrintWriter(new StringWriter()),
                    new PrintWriter(forcedErr));
            assertThat(code).as("stderr: %s", forcedErr).isZero();
            assertThat(forcedErr.toString()).contains("offheap profile: warning: pid " + pid + " preloads " + JEMALLOC)
                    .contains("(--force: profiling anyway)");
            assertThat(ProfilerProbe.leftovers(target.pid())).isEmpty();
            assertThat(ProfilerProbe.status(target.pid(), scratch)).isEqualTo("Profiler is not active");

            StringWriter growthErr = new StringWriter();
            code = Main.run(new String[] {"profile", pid, "--duration", "2s", "--json"}, new PrintWriter(new StringWriter()),
                    new PrintWriter(growthErr));
            assertThat(code).as("stderr: %s", growthErr).isZero();
            assertThat(growthErr.toString()).doesNotContain("jemalloc").doesNotContain("--force");
            assertThat(ProfilerProbe.leftovers(target.pid())).isEmpty();
        }
    }
}
