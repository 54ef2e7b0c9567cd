package dev.offheap.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.offheap.live.LiveSampler;
import dev.offheap.live.LiveSnapshot;
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
 * The buffer-pool agent in a real JVM. JDK 21+ print a four-line warning on the target's stderr at every dynamic
 * load, so an exporter that reloaded it would fill the service's log: a sampler loads it once however many samples
 * it takes, and no offheap process loads it while its thread republishes (two exporters, a watch and a report share
 * it); a load that happens anyway extends the running thread instead of starting another. The thread lives while
 * something attaches and ends once nothing has for its idle time, so a watch or exporter that was killed leaves
 * nothing running.
 */
class BufferPoolAgentTest {
    private static final String THREAD = "offheap-buffer-pools";
    private static final String WARNING = "A Java agent has been loaded dynamically";

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void oneAgentThreadPerJvmWhicheverOffheapProcessLoadsItEndingWhenNothingAttachesAnyMore(Jdk jdk) throws Exception {
        assumeTrue(jdk.installed(), jdk + " is not installed");
        try (TargetJvm t = TargetJvm.builder(jdk, Idle.class).jvmArgs("-Xmx32m").start()) {
            // a report loads the agent for one value, without a thread; what it published is no running agent, so the
            // next reader that wants a thread loads it again at once
            Jcmd jcmd = Jcmd.attach(t.pid());
            BufferPoolReader.readValue(jcmd);
            assertThat(threads(t.pid(), THREAD)).as("republishing threads after a report").isZero();
            // the thread lives while something attaches (here every 300 ms, for 3 s: more than an idle time of 1.5 s)
            BufferPoolReader.readAndRefresh(jcmd, 100, System.currentTimeMillis() + 60_000, 1500);
            for (int i = 0; i < 10; i++) {
                jcmd.vmVersion();
                Thread.sleep(300);
            }
            assertThat(threads(t.pid(), THREAD)).as("republishing threads while attached").isEqualTo(1);
            // then nothing attaches: the thread is looked for by name in /proc, which is no attach operation
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (threads(t.pid(), THREAD) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(threads(t.pid(), THREAD)).as("republishing threads 1.5 s after the last attach operation").isZero();
            Thread.sleep(BufferPoolReader.FRESH_MILLIS);

            // a sampler loads the agent again (the last value is stale); a second sampler (another exporter) and a
            // report on the same JVM read what its thread publishes without loading it
            LiveSampler first = new LiveSampler(t.pid());
            LiveSampler second = new LiveSampler(t.pid());
            for (int i = 0; i < 4; i++) {
                assertThat(first.sample(true, 200, System.currentTimeMillis() + 60_000, false).directCount())
                        .as("direct buffers in sample " + i).isNotNull();
                assertThat(second.sample(true, 200, System.currentTimeMillis() + 60_000, false).directCount())
                        .as("direct buffers in the second sampler's sample " + i).isNotNull();
                Thread.sleep(200);
            }
            assertThat(LiveSnapshot.take(t.pid(), new LiveSnapshot.Options(LiveSnapshot.Pools.AGENT, false)).bufferPools())
                    .as("a report's buffer pools").isNotNull();
            assertThat(count(t.output(), WARNING)).as("loads warned about on " + jdk).isEqualTo(jdk == Jdk.JDK17 ? 0 : 3);
            assertThat(threads(t.pid(), THREAD)).as("republishing threads with two samplers and a report").isEqualTo(1);

            // a load while the thread runs (two processes loading at the same moment) extends it: still one thread
            BufferPoolReader.loadAgent(jcmd, "refresh=100,until=" + (System.currentTimeMillis() + 60_000) + ",idle=1500");
            assertThat(count(t.output(), WARNING)).as("loads warned about on " + jdk).isEqualTo(jdk == Jdk.JDK17 ? 0 : 4);
            assertThat(threads(t.pid(), THREAD)).as("republishing threads after a second load").isEqualTo(1);
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
