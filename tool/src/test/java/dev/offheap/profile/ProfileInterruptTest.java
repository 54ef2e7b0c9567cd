package dev.offheap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.ZstdLeak;
import dev.offheap.cli.Main;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * offheap profile killed while it records (SIGTERM, SIGINT), or its target exiting meanwhile, for the growth profile
 * (page faults) and the malloc profile: the profiler is stopped and its files are gone.
 */
class ProfileInterruptTest {
    @TempDir
    Path scratch;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void sigtermStopsTheProfilerAndRemovesItsFiles(boolean malloc) throws Exception {
        interruptedRun(false, malloc);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void sigintStopsTheProfilerAndRemovesItsFiles(boolean malloc) throws Exception {
        interruptedRun(true, malloc);
    }

    @Test
    void aTargetThatExitsMidwayEndsTheGrowthProfileWithOneLineAndItsFilesAreGone() throws Exception {
        Path dir;
        StringWriter err = new StringWriter();
        int[] code = {-1};
        try (TargetJvm target = TargetJvm.builder(Jdk.JDK17, ZstdLeak.class).jvmArgs("-Xmx64m").args("100", "2", "4000").start()) {
            Thread cli = new Thread(() -> code[0] = Main.run(new String[] {"profile", String.valueOf(target.pid()), "--duration", "60s"},
                    new PrintWriter(new StringWriter()), new PrintWriter(err)));
            cli.start();
            List<Path> found = List.of();
            for (int i = 0; i < 100 && found.isEmpty(); i++) {
                Thread.sleep(50);
                found = ProfilerProbe.leftovers(target.pid());
            }
            assertThat(found).as("the profile's private folder while it records").hasSize(1);
            dir = Path.of("/tmp").resolve(found.get(0).getFileName());
            cli.join(30_000);
            assertThat(cli.isAlive()).as("offheap profile still runs after its target exited").isFalse();
        }
        assertThat(code[0]).isEqualTo(3);
        assertThat(err.toString().strip().lines().reduce((a, b) -> b).orElse("")).matches("offheap profile: pid \\d+ exited during the profile: nothing to report");
        assertThat(Files.exists(dir)).as("%s left behind", dir).isFalse();
    }

    private void interruptedRun(boolean sigint, boolean malloc) throws Exception {
        try (TargetJvm target = TargetJvm.builder(Jdk.JDK17, ZstdLeak.class).jvmArgs("-Xmx64m").args("200", "2").start()) {
            List<String> cmd = Cli.command();
            cmd.addAll(List.of("profile", String.valueOf(target.pid()), "--duration", "60s"));
            if (malloc) {
                cmd.add("--malloc");
            }
            Process cli = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
                String line = r.readLine();
                assertThat(line).as("first line of offheap profile").contains((malloc ? "recording mallocs of pid "
                        : "sampling page faults of pid ") + target.pid());
                assertThat(ProfilerProbe.leftovers(target.pid())).hasSize(1);
                if (sigint) {
                    new ProcessBuilder("kill", "-INT", String.valueOf(cli.pid())).start().waitFor();
                } else {
                    cli.destroy();
                }
                assertThat(cli.waitFor(30, TimeUnit.SECONDS)).as("offheap profile exits").isTrue();
            } finally {
                if (cli.isAlive()) {
                    // a failed run: SIGKILL gives offheap no time to clean up, so the test removes what it left
                    cli.destroyForcibly().waitFor();
                    for (Path dir : ProfilerProbe.leftovers(target.pid())) {
                        TargetJvm.deleteTree(dir);
                    }
                }
            }
            List<Path> left = ProfilerProbe.leftovers(target.pid());
            assertThat(left).as("private folders left in the target's /tmp").isEmpty();
            assertThat(ProfilerProbe.status(target.pid(), scratch)).isEqualTo("Profiler is not active");
        }
    }
}
