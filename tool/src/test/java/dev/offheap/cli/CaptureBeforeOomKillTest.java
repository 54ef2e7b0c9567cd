package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.files.HostLock;
import dev.offheap.saved.CaptureFolder;
import dev.offheap.saved.CaptureShelf;
import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.MemoryCgroup;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.UnsafeLeak;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The incident this feature is for, for real: a JVM leaking native memory (Unsafe, NMT off) in a memory cgroup
 * (v1, made by the test as root) runs into its limit and the kernel's OOM killer ends it. 'offheap watch --capture'
 * saves the evidence at 75% and 90% of the limit before the kill, keeps the folder within its bound, and says how the
 * JVM ended; 'offheap analyze' of the 90% capture names the leak first.
 */
class CaptureBeforeOomKillTest {
    private static final long MIB = 1 << 20;
    private static final String SECRET = "capture-secret-4711";
    // "killed by the OOM killer at 2026-12-07T03:44:34.789Z, 5 s after this capture: …"
    private static final Pattern KILLED_AT = Pattern.compile("^killed by the OOM killer at (\\S+?),");

    @Test
    void aNativeLeakIsCapturedAt75And90PercentOfItsContainerLimitBeforeTheOomKillerEndsIt() throws Exception {
        assumeThat(MemoryCgroup.available()).as("needs root and a cgroup v1 memory controller").isTrue();
        boolean lockWasThere = Files.exists(HostLock.CAPTURES);
        Path work = Files.createTempDirectory("offheap-capture-oom");
        Path captures = work.resolve("captures");
        try (MemoryCgroup group = MemoryCgroup.create("oom", 256 * MIB);
             TargetJvm leak = TargetJvm.builder(Jdk.JDK17, UnsafeLeak.class).wrapper(group.wrapper())
                     .jvmArgs("-Xmx64m", "-XX:+UseSerialGC", "-Ddb.password=" + SECRET).env("OFFHEAP_TEST_PASSWORD", SECRET)
                     .args("6").start()) {
            // 6 MiB/s from ~50 MiB: 75% after ~25 s, 90% ~6 s later, the limit ~4 s after that
            Cli.Result r = Cli.run("watch", leak.pid(), "--interval", "1s", "--duration", "3m", "--json",
                    "--capture", captures, "--capture-keep", "2");
            String err = r.err();
            leak.process().waitFor();
            assertThat(group.oomKills()).as("the OOM killer ended the JVM; watch said:\n" + err).isEqualTo(1);
            assertThat(r.exitCode()).as(err).isIn(0, 1);

            // every capture announced in one line; the time-to-limit one came first and went to keep the bound
            assertThat(lines(err, "saved a capture: ")).as(err).hasSize(3);
            assertThat(err).contains("saved a capture: the container's memory limit is ",
                    "saved a capture: the cgroup's working set reached 75% of the container's memory limit: ",
                    "saved a capture: the cgroup's working set reached 90% of the container's memory limit: ");
            assertThat(err).containsPattern("removed the oldest capture \\S+-time_to_limit \\(the folder keeps 2 captures");
            List<CaptureShelf.Entry> kept = CaptureShelf.list(captures);
            assertThat(kept).extracting(e -> e.name().replaceAll("^.*-pid\\d+-", "")).containsExactly("limit_75pct", "limit_90pct");
            assertThat(Files.list(captures).toList()).as("nothing else, no partial capture").hasSize(2);
            // owner-only and redacted, as every collect folder
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(captures))).isEqualTo("rwx------");
            try (var files = Files.walk(kept.get(1).dir())) {
                for (Path p : files.toList()) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                            .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
                }
            }
            assertThat(Files.readString(kept.get(1).dir().resolve("MANIFEST.txt"))).contains("# redaction on",
                    "environment OFFHEAP_TEST_PASSWORD", "-Ddb.password", "environ.txt\tcopy of /proc/PID/environ (NUL-separated), redacted",
                    "classloader-stats.txt\tnot taken: VM.classloader_stats is a safepoint operation");
            for (CaptureShelf.Entry e : kept) {
                try (var files = Files.walk(e.dir())) {
                    for (Path p : files.filter(Files::isRegularFile).toList()) {
                        assertThat(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1))
                                .as(p.toString()).doesNotContain(SECRET);
                    }
                }
            }

            // the kill, said once and kept in both captures, after both were finished
            assertThat(lines(err, "killed by the OOM killer")).as(err).hasSize(1);
            assertThat(err).containsPattern("killed by the OOM killer \\d+ s after the 90% capture \\(" + Pattern.quote(kept.get(1).dir().toString())
                    + "\\): the kernel log: \"Memory cgroup out of memory: Killed process " + leak.pid() + " \\(java\\)");
            for (CaptureShelf.Entry e : kept) {
                CaptureFolder.Info info = CaptureFolder.read(e.dir());
                assertThat(info.outcomes()).hasSize(1);
                Matcher m = KILLED_AT.matcher(info.outcomes().get(0));
                assertThat(m.find()).as(info.outcomes().get(0)).isTrue();
                assertThat(info.finishedAtMillis()).as(e.name() + " finished before the kill")
                        .isLessThan(Instant.parse(m.group(1)).toEpochMilli());
                assertThat(info.limitBytes()).isEqualTo(256 * MIB);
            }
            JsonNode watch = r.json();
            assertThat(watch.path("notes").toString()).contains("--capture: saved " + kept.get(1).dir(),
                    "--capture: killed by the OOM killer");

            // the growth profile (sampled page faults), taken once beside the captures and added to each
            assertThat(lines(err, "native memory grows: its growth profile (sampled page faults) runs for ")).as(err).hasSize(1);
            assertThat(lines(err, "growth profile added to ")).as(err).hasSize(1);
            for (CaptureShelf.Entry e : kept) {
                assertThat(e.dir().resolve("growth-profile.txt")).as(e.name()).isRegularFile();
                assertThat(e.dir().resolve("pagefaults-1.jfr")).as(e.name()).isRegularFile();
                assertThat(Files.readString(e.dir().resolve("MANIFEST.txt"))).as(e.name())
                        .contains("pagefaults-1.jfr\tpage-fault samples of the growth profile");
            }

            // the diagnosis of the 90% moment: the leak first, named by the growth profile, then the limit; why and
            // what followed as notes
            Cli.Result a = Cli.run("analyze", kept.get(1).dir(), "--json");
            assertThat(a.exitCode()).as(a.err()).isIn(0, 1);
            JsonNode doc = a.json();
            JsonNode first = doc.path("findings").get(0);
            assertThat(first.path("id").asText()).as(doc.path("findings").toString()).isEqualTo("NATIVE_MALLOC_GROWTH");
            assertThat(first.path("severity").asText()).isEqualTo("critical");
            assertThat(first.path("culprit").path("javaMethod").asText()).as(first.toString()).isEqualTo("dev.offheap.zoo.UnsafeLeak.main");
            assertThat(first.path("summary").asText()).contains("Growth profile: ").contains("grows RSS by");
            assertThat(first.path("evidence").toString()).contains("growth profile of ");
            List<String> ids = new ArrayList<>();
            doc.path("findings").forEach(f -> ids.add(f.path("id").asText()));
            assertThat(ids).contains("CONTAINER_LIMIT_RISK");
            assertThat(doc.path("notes").toString()).contains("capture of pid " + leak.pid() + " (dev.offheap.zoo.UnsafeLeak)",
                    "reached 90% of the container's memory limit", "after the capture: killed by the OOM killer at ");
            assertThat(doc.path("memory").path("limit").asLong()).isEqualTo(256 * MIB);
        } finally {
            TargetJvm.deleteTree(work);
            if (!lockWasThere) {
                Files.deleteIfExists(HostLock.CAPTURES);
            }
        }
    }

    private static List<String> lines(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).toList();
    }
}
