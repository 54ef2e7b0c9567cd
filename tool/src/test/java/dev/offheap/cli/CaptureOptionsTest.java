package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.testing.Cli;
import dev.offheap.testing.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** --capture and its options: one-line usage errors before anything is read, DIR made owner-only. */
class CaptureOptionsTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void badCaptureOptionsAreOneLineUsageErrors() {
        assertThat(Cli.run("watch", SELF, "--capture-at", "80").err().strip()).isEqualTo("offheap watch: --capture-at,"
                + " --capture-keep, --capture-max-size and --capture-heap-dump need --capture DIR");
        Path dir = Path.of("offheap-capture-usage-never-made");
        Cli.Result over = Cli.run("export", "--capture", dir, "--capture-at", "75,120");
        assertThat(over.exitCode()).isEqualTo(2);
        assertThat(over.err().strip()).isEqualTo("offheap export: --capture-at: '120' is not a share of the limit (expected"
                + " 1 to 100, e.g. 75,90)");
        assertThat(Cli.run("watch", SELF, "--capture", dir, "--capture-keep", "0").err().strip())
                .isEqualTo("offheap watch: --capture-keep: 0 keeps nothing; give 1 or more");
        assertThat(Cli.run("watch", SELF, "--capture", dir, "--capture-max-size", "lots").err().strip())
                .isEqualTo("offheap watch: --capture-max-size: 'lots' is not a size in bytes (expected e.g. 0, 512k, 1m, 2g)");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aCaptureFolderThatCannotBeWrittenIsOneLineErrorAndAMissingOneIsMadeOwnerOnly() throws Exception {
        Path work = Files.createTempDirectory("offheap-capture-options");
        try {
            Path file = Files.writeString(work.resolve("a-file"), "");
            Cli.Result r = Cli.run("watch", 999_999_999L, "--capture", file);
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("offheap watch: --capture " + file + ": not a folder offheap can write into");
            Path made = work.resolve("new/captures");
            Cli.Result missing = Cli.run("watch", 999_999_999L, "--capture", made, "--capture-at", "80%");
            assertThat(missing.exitCode()).as("the pid is checked after the options").isEqualTo(3);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).isEqualTo("rwx------");
        } finally {
            TargetJvm.deleteTree(work);
        }
    }
}
