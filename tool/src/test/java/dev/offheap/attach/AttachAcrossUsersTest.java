package dev.offheap.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.offheap.proc.PerfDataFiles;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Root attaching to a JVM of another user, that user attaching to its own JVM, and a user refused a root JVM. */
class AttachAcrossUsersTest {
    private static final String USER = "offheap-test";
    private static int uid;
    private static int gid;

    @BeforeAll
    static void createUser() throws Exception {
        assumeTrue(TargetProcess.ourUid() == 0, "needs root: creates system user " + USER + " and runs JVMs as it");
        if (run("id", "-u", USER).exitCode != 0) {
            Result r = run("useradd", "--system", "--no-create-home", USER);
            assumeTrue(r.exitCode == 0, "cannot create user " + USER + ": " + r.output);
        }
        uid = Integer.parseInt(run("id", "-u", USER).output.strip());
        gid = Integer.parseInt(run("id", "-g", USER).output.strip());
    }

    @AfterAll
    static void removeEmptyHsperfdataDir() throws IOException {
        try {
            Files.deleteIfExists(Path.of("/tmp/hsperfdata_" + USER));
        } catch (DirectoryNotEmptyException e) {
            // a JVM of that user still runs (not one of ours): its directory stays
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void rootAttachesToAJvmOfAnotherUser(Jdk jdk) throws IOException {
        assumeTrue(jdk.installed(), jdk + " is not installed");
        long pid;
        try (TargetJvm t = TargetJvm.builder(jdk, Idle.class).jvmArgs("-Xmx64m").runAs(USER, uid, gid).start()) {
            pid = t.pid();
            JvmConnection c = AttachClient.open(t.pid());

            assertThat(c.jcmd("VM.version")).contains("JDK " + jdk.major + ".");
            Path socket = Path.of("/proc/" + pid + "/root/tmp/.java_pid" + pid);
            assertThat(Files.getAttribute(socket, "unix:uid")).as("socket owner").isEqualTo(uid);
            assertThat(PerfDataFiles.find(pid)).hasValue(Path.of("/proc/" + pid + "/root/tmp/hsperfdata_" + USER + "/" + pid));
            assertThat(t.output()).doesNotContain("Full thread dump");
            Leftovers.assertNoTriggerFile(t.workDir(), pid);
        }
        Leftovers.assertJvmFilesGone(pid, USER);
    }

    @Test
    void theOwnerOfAJvmAttachesWithoutRoot() throws Exception {
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx64m").runAs(USER, uid, gid).start()) {
            Result r = probeAs(USER, t.pid());

            assertThat(r.output.strip()).startsWith("OpenJDK 64-Bit Server VM version 17.");
            assertThat(r.exitCode).isZero();
            Leftovers.assertNoTriggerFile(t.workDir(), t.pid());
        }
    }

    @Test
    void anotherUserIsToldToRunAsRoot() throws Exception {
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx64m").start()) {
            Result r = probeAs(USER, t.pid());

            assertThat(r.output.strip()).isEqualTo("error: pid " + t.pid() + ": permission denied: run as root or as user 'root' (uid 0)");
            assertThat(r.exitCode).isEqualTo(3);
            assertThat(t.output()).doesNotContain("Full thread dump");
        }
    }

    /** Runs {@link AttachProbe} as {@code user} (without hsperfdata, so it leaves no file of its own). */
    private static Result probeAs(String user, long pid) throws Exception {
        String cp = System.getProperty("java.class.path");
        return run("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--",
                Jdk.JDK17.java().toString(), "-XX:-UsePerfData", "-Xmx32m", "-cp", cp, AttachProbe.class.getName(), Long.toString(pid));
    }

    private static Result run(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).directory(new File("/")).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("timed out: " + cmd);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}
