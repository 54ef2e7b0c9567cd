package dev.offheap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit perf map survives the final dump: jemalloc writes {@code .f.heap} after -XX:+DumpPerfMapAtExit wrote
 * /tmp/perf-PID.map, so a tick that sees the final dump must leave that map for {@link JemallocRun#afterExit} to
 * move (deleting it, as a failed attach to the exiting JVM once did, left every JIT frame unnamed).
 */
class JemallocRunTest {
    @TempDir
    Path dir;

    @Test
    void aFinalDumpLeavesTheExitPerfMapToBeMovedIntoTheFolder() throws Exception {
        // a process of our own that is no JVM: an attach to it fails, as one to an exiting JVM does
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        Path exitMap = Path.of("/tmp/perf-" + sleeper.pid() + ".map");
        try {
            Path library = Files.writeString(dir.resolve("libjemalloc.so.2"), "");
            Files.writeString(dir.resolve("jeprof." + sleeper.pid() + ".0.f.heap"), "");
            Files.writeString(exitMap, "7f0000001000 40 Interpreter\n");
            List<String> warnings = new ArrayList<>();
            JemallocRun run = new JemallocRun(dir, library, 26, warnings::add);

            run.tick(sleeper.pid(), pid -> {
                throw new IllegalStateException("exiting");
            });
            assertThat(exitMap).exists();

            run.afterExit(sleeper.pid());
            assertThat(exitMap).doesNotExist();
            assertThat(dir.resolve(exitMap.getFileName())).hasContent("7f0000001000 40 Interpreter");
            assertThat(warnings).isEmpty();
        } finally {
            Files.deleteIfExists(exitMap);
            sleeper.destroyForcibly();
            sleeper.waitFor();
        }
    }
}
