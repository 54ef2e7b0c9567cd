package dev.offheap.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.offheap.files.HostLock;
import dev.offheap.saved.CaptureFolder;
import dev.offheap.saved.CaptureShelf;
import dev.offheap.testing.ExporterProcess;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.MemoryCgroup;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code offheap export --capture DIR} with real JVMs in a real memory cgroup (v1, made by the test as root): a healthy
 * JVM steady between 75% and 90% of its limit is captured once, never again, by each of two exporters, one capture
 * at a time on the host (the test holds the host's lock first: both wait, and keep sampling meanwhile); a capture
 * onto a full disk (a tmpfs of 128 KiB mounted by the test) costs that capture alone, in one line.
 */
class ExportCaptureTest {
    private static final long MIB = 1 << 20;
    // "offheap_export_cycles_total 12.0"
    private static final Pattern CYCLES = Pattern.compile("(?m)^offheap_export_cycles_total (\\S+)$");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aSteadyJvmNearItsLimitIsCapturedOncePerThresholdOneCaptureAtATimeOnTheHost() throws Exception {
        assumeThat(MemoryCgroup.available()).as("needs root and a cgroup v1 memory controller").isTrue();
        boolean lockWasThere = Files.exists(HostLock.CAPTURES);
        Path work = Files.createTempDirectory("offheap-export-capture");
        try (MemoryCgroup group = MemoryCgroup.create("steady", 1024 * MIB); TargetJvm jvm = steady(group)) {
            String test = "offheap test (pid " + ProcessHandle.current().pid() + ")";
            Optional<HostLock> held = HostLock.tryAcquire(HostLock.CAPTURES, test);
            assumeThat(held).as("no other capture runs on this host").isPresent();
            long releasedAt;
            try (ExporterProcess a = exporter(jvm, work.resolve("a")); ExporterProcess b = exporter(jvm, work.resolve("b"))) {
                try {
                    for (ExporterProcess e : List.of(a, b)) {
                        await("the exporter waiting for the host's capture lock", () -> e.output().contains(
                                "capture at 75% of the container's memory limit") || e.output().contains(
                                "waiting for another capture on this host to end (" + test + ")"), e);
                        assertThat(e.output()).contains(": waiting for another capture on this host to end (" + test + ")");
                    }
                    // a capture waiting never holds the sampling: both go on cycling
                    double a0 = cycles(a);
                    double b0 = cycles(b);
                    await("three more cycles of each exporter while their captures wait", () -> cycles(a) >= a0 + 3 && cycles(b) >= b0 + 3, a);
                    assertThat(CaptureShelf.list(work.resolve("a"))).isEmpty();
                } finally {
                    releasedAt = System.currentTimeMillis();
                    held.get().close();
                }
                for (ExporterProcess e : List.of(a, b)) {
                    await("a capture saved", () -> e.output().contains("saved a capture: "), e);
                }
                double a1 = cycles(a);
                await("ten more cycles", () -> cycles(a) >= a1 + 10, a);
                CaptureFolder.Info ia = only(work.resolve("a"));
                CaptureFolder.Info ib = only(work.resolve("b"));
                for (CaptureFolder.Info i : List.of(ia, ib)) {
                    assertThat(i.reason()).isEqualTo("limit_75pct");
                    assertThat(i.pid()).isEqualTo(jvm.pid());
                    assertThat(i.startedAtMillis()).isGreaterThanOrEqualTo(releasedAt);
                    assertThat(100.0 * i.usedBytes() / i.limitBytes()).isBetween(75.0, 90.0);
                }
                assertThat(ia.finishedAtMillis() <= ib.startedAtMillis() || ib.finishedAtMillis() <= ia.startedAtMillis())
                        .as("one capture at a time: a %d-%d, b %d-%d", ia.startedAtMillis(), ia.finishedAtMillis(),
                                ib.startedAtMillis(), ib.finishedAtMillis()).isTrue();
                for (ExporterProcess e : List.of(a, b)) {
                    String metrics = e.metrics().body();
                    assertThat(metrics).contains("offheap_captures_total{reason=\"limit_75pct\"} 1.0",
                            "offheap_captures_total{reason=\"limit_90pct\"} 0.0", "offheap_captures_total{reason=\"time_to_limit\"} 0.0",
                            "offheap_capture_errors_total 0.0");
                    assertThat(metrics).containsPattern("offheap_capture_timestamp_seconds\\{[^}]*pid=\"" + jvm.pid()
                            + "\",reason=\"limit_75pct\"} ");
                    assertThat(metrics).as("a path is never a label").doesNotContain(work.toString());
                    assertThat(e.output().lines().filter(l -> l.contains("saved a capture: "))).hasSize(1);
                    assertThat(e.output()).doesNotContain("limit_90pct", "Exception");
                }
                Path savedA = CaptureShelf.list(work.resolve("a")).get(0).dir();
                String page = get(a, "/captures?pid=" + jvm.pid());
                assertThat(page).contains(jvm.pid() + "\tdev.offheap.zoo.Idle\t\tlimit_75pct\t", "\t" + savedA + "\tfollowed");
                assertThat(get(a, "/captures?pid=1")).doesNotContain(savedA.toString());

                // the JVM ends, killed but not by the OOM killer: each exporter says so once, and the capture keeps it
                jvm.kill();
                String ended = "offheap export: pid " + jvm.pid() + " (dev.offheap.zoo.Idle): ended about ";
                for (ExporterProcess e : List.of(a, b)) {
                    await("the end of the JVM said", () -> e.output().contains(ended), e);
                    assertThat(e.output().lines().filter(l -> l.startsWith(ended))).singleElement().asString()
                            .contains(" after the 75% capture (", ", not by the OOM killer: its memory cgroup counted no OOM kill"
                                    + " (memory.oom_control oom_kill 0); the kernel log names no OOM kill of pid " + jvm.pid());
                }
                assertThat(CaptureFolder.read(savedA).outcomes()).singleElement().asString()
                        .startsWith("the JVM ended, not by the OOM killer, at ");
                assertThat(CaptureFolder.read(savedA).killed()).isFalse();
                assertThat(get(a, "/captures")).contains("\t" + savedA + "\tended");
                assertThat(a.terminate()).isEqualTo(143);
                assertThat(b.terminate()).isEqualTo(143);
            }
        } finally {
            TargetJvm.deleteTree(work);
            if (!lockWasThere) {
                Files.deleteIfExists(HostLock.CAPTURES);
            }
        }
    }

    @Test
    void aFullDiskCostsTheCaptureInOneLineAndTheExporterKeepsServing() throws Exception {
        assumeThat(MemoryCgroup.available()).as("needs root and a cgroup v1 memory controller").isTrue();
        boolean lockWasThere = Files.exists(HostLock.CAPTURES);
        Path work = Files.createTempDirectory("offheap-full-disk");
        Path disk = Files.createDirectory(work.resolve("disk"));
        run("mount", "-t", "tmpfs", "-o", "size=128k,mode=0700", "offheap-test-full", disk.toString());
        try (MemoryCgroup group = MemoryCgroup.create("full", 1024 * MIB); TargetJvm jvm = steady(group);
             ExporterProcess e = exporter(jvm, disk.resolve("captures"))) {
            await("the capture's failure", () -> e.output().contains("capture at 75% of the container's memory limit failed"), e);
            List<String> failed = e.output().lines().filter(l -> l.contains(" failed: ")).toList();
            assertThat(failed).hasSize(1);
            assertThat(failed.get(0)).startsWith("offheap export: pid " + jvm.pid() + " (dev.offheap.zoo.Idle): capture at 75% of"
                    + " the container's memory limit failed: cannot write ").contains("No space left on device", "nothing was kept");
            double after = cycles(e);
            await("five more cycles after the failure", () -> cycles(e) >= after + 5, e);
            String metrics = e.metrics().body();
            assertThat(metrics).contains("offheap_capture_errors_total 1.0", "offheap_captures_total{reason=\"limit_75pct\"} 0.0",
                    "offheap_target_up{");
            try (var s = Files.list(disk.resolve("captures"))) {
                assertThat(s.toList()).as("nothing of the capture is left on the disk").isEmpty();
            }
            assertThat(e.terminate()).isEqualTo(143);
            assertThat(e.output()).doesNotContain("Exception", "internal error");
        } finally {
            run("umount", disk.toString());
            TargetJvm.deleteTree(work);
            if (!lockWasThere) {
                Files.deleteIfExists(HostLock.CAPTURES);
            }
        }
    }

    /**
     * An idle JVM with a pretouched 96 MiB heap in {@code group}, whose limit is then set so that its working set is
     * 82% of it: between the thresholds, and steady.
     */
    private static TargetJvm steady(MemoryCgroup group) throws InterruptedException {
        TargetJvm jvm = TargetJvm.builder(Jdk.JDK17, Idle.class).wrapper(group.wrapper())
                .jvmArgs("-Xms96m", "-Xmx96m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC").start();
        long[] last = {-1};
        awaitQuietly(() -> {
            long ws = group.workingSetBytes();
            boolean steady = last[0] > 0 && Math.abs(ws - last[0]) < MIB;
            last[0] = ws;
            return steady;
        });
        group.limit((long) (group.workingSetBytes() / 0.82));
        return jvm;
    }

    private static ExporterProcess exporter(TargetJvm jvm, Path captures) throws IOException {
        return ExporterProcess.start("--interval", "1s", "--pids", Long.toString(jvm.pid()), "--capture", captures.toString());
    }

    private static CaptureFolder.Info only(Path dir) {
        List<CaptureShelf.Entry> all = CaptureShelf.list(dir);
        assertThat(all).as("captures in " + dir).hasSize(1);
        return CaptureFolder.read(all.get(0).dir());
    }

    private static double cycles(ExporterProcess e) {
        try {
            Matcher m = CYCLES.matcher(e.metrics().body());
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (IOException | InterruptedException ex) {
            throw new AssertionError("/metrics did not answer", ex);
        }
    }

    private static String get(ExporterProcess e, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + e.address() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static void await(String what, Supplier<Boolean> condition, ExporterProcess seen) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 90 s: " + what + "; the exporter said:\n" + seen.output());
            }
            Thread.sleep(200);
        }
    }

    private static void awaitQuietly(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the JVM's working set did not settle within 60 s");
            }
            Thread.sleep(1000);
        }
    }
}
