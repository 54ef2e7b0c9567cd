package dev.offheap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.ZstdLeak;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** offheap profile killed while it records (SIGTERM, SIGINT): the profiler is stopped and its files are gone. */
class ProfileInterruptTest {
    @TempDir
    Path scratch;

    @Test
    void sigtermStopsTheProfilerAndRemovesItsFiles() throws Exception {
        interruptedRun(false);
    }

    @Test
    void sigintStopsTheProfilerAndRemovesItsFiles() throws Exception {
        interruptedRun(true);
    }

    private void interruptedRun(boolean sigint) throws Exception {
        try (TargetJvm target = TargetJvm.builder(Jdk.JDK17, ZstdLeak.class).jvmArgs("-Xmx64m").args("200", "2").start()) {
            Process cli = new ProcessBuilder(Jdk.JDK17.java().toString(), "-cp", System.getProperty("java.class.path"),
                    "dev.offheap.cli.Main", "profile", String.valueOf(target.pid()), "--duration", "60s")
                    .redirectErrorStream(true).start();
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
                String line = r.readLine();
                assertThat(line).as("first line of offheap profile").contains("recording mallocs of pid " + target.pid());
                assertThat(ProfilerProbe.leftovers(target.pid())).hasSize(1);
                if (sigint) {
                    new ProcessBuilder("kill", "-INT", String.valueOf(cli.pid())).start().waitFor();
                } else {
                    cli.destroy();
                }
                assertThat(cli.waitFor(30, TimeUnit.SECONDS)).as("offheap profile exits").isTrue();
            } finally {
                cli.destroyForcibly();
            }
            List<Path> left = ProfilerProbe.leftovers(target.pid());
            assertThat(left).as("private folders left in the target's /tmp").isEmpty();
            assertThat(ProfilerProbe.status(target.pid(), scratch)).isEqualTo("Profiler is not active");
        }
    }
}
