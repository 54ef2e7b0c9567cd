package dev.offheap.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders 0700 and files 0600 under this test JVM's umask (which must let others read, or nothing is shown). */
class OwnerOnlyTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void theUmaskLetsOthersRead() throws IOException {
        Path probe = Files.createFile(tmp.resolve("probe"));
        assumeThat(mode(probe)).as("this JVM's umask already keeps files private").isEqualTo("rw-r--r--");
        Files.delete(probe);
    }

    @Test
    void createsEachMissingFolderOwnerOnlyAndLeavesTheOthers() throws IOException {
        Path existing = Files.createDirectory(tmp.resolve("existing"));
        Path deep = existing.resolve("a/b/c");

        assertThat(OwnerOnly.createDirectories(deep)).isEqualTo(deep);
        assertThat(OwnerOnly.createDirectories(deep)).isEqualTo(deep);

        assertThat(mode(existing)).isEqualTo("rwxr-xr-x");
        assertThat(mode(existing.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(existing.resolve("a/b"))).isEqualTo("rwx------");
        assertThat(mode(deep)).isEqualTo("rwx------");
        assertThat(mode(OwnerOnly.createTempDirectory(tmp, "t-"))).isEqualTo("rwx------");
    }

    @Test
    void writesNewFilesAndFilesWrittenOverAs0600() throws IOException {
        Path fresh = tmp.resolve("fresh.txt");
        Path old = Files.writeString(tmp.resolve("old.txt"), "a longer text than what replaces it");
        assertThat(mode(old)).isEqualTo("rw-r--r--");

        OwnerOnly.writeString(fresh, "new");
        OwnerOnly.write(old, new byte[] {'x'});
        try (OutputStream out = OwnerOnly.newOutputStream(tmp.resolve("stream.bin"), StandardOpenOption.CREATE_NEW)) {
            out.write(1);
        }
        try (var w = OwnerOnly.newBufferedWriter(tmp.resolve("lines.jsonl"))) {
            w.write("{}\n");
        }
        Path copy = OwnerOnly.copy(old, tmp.resolve("copy.txt"));

        assertThat(Files.readString(fresh)).isEqualTo("new");
        assertThat(Files.readString(old)).isEqualTo("x");
        assertThat(Files.readString(copy)).isEqualTo("x");
        for (String f : new String[] {"fresh.txt", "old.txt", "stream.bin", "lines.jsonl", "copy.txt"}) {
            assertThat(mode(tmp.resolve(f))).as(f).isEqualTo("rw-------");
        }
    }

    @Test
    void makesWhatAnotherProgramWroteOwnerOnlyButNotWhatALinkPointsTo() throws IOException {
        Path written = Files.createDirectories(tmp.resolve("run/lib"));
        Files.writeString(tmp.resolve("run/gc.log"), "[0.003s][info][gc] Using G1");
        Files.writeString(written.resolve("libx.so"), "ELF");
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "not ours");
        Files.createSymbolicLink(tmp.resolve("run/link"), outside);
        Path moved = OwnerOnly.move(Files.writeString(tmp.resolve("dump.hprof"), "JAVA PROFILE"), tmp.resolve("run/heap.hprof"));

        OwnerOnly.restrictTree(tmp.resolve("run"));

        assertThat(mode(tmp.resolve("run"))).isEqualTo("rwx------");
        assertThat(mode(written)).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("run/gc.log"))).isEqualTo("rw-------");
        assertThat(mode(written.resolve("libx.so"))).isEqualTo("rw-------");
        assertThat(mode(moved)).isEqualTo("rw-------");
        assertThat(mode(outside)).isEqualTo("rw-r--r--");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
