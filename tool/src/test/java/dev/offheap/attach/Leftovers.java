package dev.offheap.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Assertions that an attach left no trigger file behind, in the target's directory or in /tmp. */
final class Leftovers {
    private Leftovers() {
    }

    static void assertNoTriggerFile(Path targetDir, long nspid) {
        assertThat(triggers(targetDir)).as("trigger files in " + targetDir).isEmpty();
        assertThat(Path.of("/tmp/.attach_pid" + nspid)).doesNotExist();
    }

    /** After a target was closed (killed): neither its attach socket nor its hsperfdata file remains in /tmp. */
    static void assertJvmFilesGone(long pid, String user) {
        assertThat(Path.of("/tmp/.java_pid" + pid)).doesNotExist();
        assertThat(Path.of("/tmp/hsperfdata_" + user + "/" + pid)).doesNotExist();
    }

    private static Stream<Path> triggers(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".attach_pid")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
