package dev.offheap.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.offheap.live.LiveSampler;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The buffer-pool agent in a real JVM: a sampler loads it once however many samples it takes (JDK 21+ print a
 * four-line warning on the target's stderr at every dynamic load, so an exporter that reloaded it would fill the
 * service's log), and its republishing thread lives while something attaches and ends once nothing has for its idle
 * time, so a watch or exporter that was killed leaves nothing running.
 */
class BufferPoolAgentTest {
    private static final String THREAD = "offheap-buffer-pools";

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void aSamplerLoadsTheAgentOnceAndItsThreadEndsWhenNothingAttachesAnyMore(Jdk jdk) throws Exception {
        assumeTrue(jdk.installed(), jdk + " is not installed");
        try (TargetJvm t = TargetJvm.builder(jdk, Idle.class).jvmArgs("-Xmx32m").start()) {
            LiveSampler sampler = new LiveSampler(t.pid());
            for (int i = 0; i < 4; i++) {
                assertThat(sampler.sample(true, 200, System.currentTimeMillis() + 60_000, false).directCount())
                        .as("direct buffers in sample " + i).isNotNull();
                Thread.sleep(200);
            }
            assertThat(count(t.output(), "A Java agent has been loaded dynamically")).as("loads warned about on JDK " + jdk)
                    .isEqualTo(jdk == Jdk.JDK17 ? 0 : 1);

            // the thread lives while something attaches (here every 300 ms, for 3 s: more than an idle time of 1.5 s)
            Jcmd jcmd = Jcmd.attach(t.pid());
            BufferPoolReader.readAndRefresh(jcmd, 100, System.currentTimeMillis() + 60_000, 1500);
            for (int i = 0; i < 10; i++) {
                jcmd.vmVersion();
                Thread.sleep(300);
            }
            assertThat(threads(t.pid(), THREAD)).as("republishing threads while attached (the sampler's and this one)").isEqualTo(2);
            // then nothing attaches: every thread (the sampler's, whose idle time is a minute, and this one) is
            // checked by name in /proc, which is no attach operation
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (threads(t.pid(), THREAD) > 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(threads(t.pid(), THREAD)).as("republishing threads 1.5 s after the last attach operation, but the"
                    + " sampler's (idle time 60 s)").isEqualTo(1);
        }
    }

    private static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    /** Threads of {@code pid} whose name starts with {@code name} as the kernel keeps it (15 characters). */
    private static long threads(long pid, String name) throws IOException {
        String comm = name.substring(0, 15);
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.filter(task -> {
                try {
                    return Files.readString(task.resolve("comm")).strip().equals(comm);
                } catch (IOException e) {
                    return false; // the thread ended meanwhile
                }
            }).count();
        }
    }
}
