package dev.offheap.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The buffer-pool agent's folder that an offheap killed with SIGKILL left in a target's /tmp is removed at a later
 * load, once older than a minute; a folder of a load under way, and anything else in /tmp, stay.
 */
class StaleAgentFoldersTest {
    @TempDir
    Path tmp;

    @Test
    void foldersOlderThanAMinuteGoAndTheRestStays() throws Exception {
        Path old = agentFolder("offheap-agent-111", BufferPoolReader.STALE_MILLIS + 60_000);
        Path fresh = agentFolder("offheap-agent-222", 5_000);
        Path other = Files.createDirectory(tmp.resolve("offheap-profile-333"));
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minusSeconds(3600)));
        Path file = Files.writeString(tmp.resolve("offheap-agent-444"), "not a folder");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));

        BufferPoolReader.removeStale(tmp);

        assertThat(old).doesNotExist();
        assertThat(fresh.resolve("offheap-agent.jar")).exists();
        assertThat(other).exists();
        assertThat(file).exists();
    }

    @Test
    void aTmpThatCannotBeListedIsLeftToTheLoadToReport() {
        BufferPoolReader.removeStale(tmp.resolve("missing"));
        assertThat(tmp.resolve("missing")).doesNotExist();
    }

    private Path agentFolder(String name, long ageMillis) throws Exception {
        Path d = Files.createDirectory(tmp.resolve(name));
        Files.writeString(d.resolve("offheap-agent.jar"), "jar");
        Files.setLastModifiedTime(d, FileTime.fromMillis(System.currentTimeMillis() - ageMillis));
        return d;
    }
}
