package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.attach.AttachClient;
import dev.offheap.profile.ProfilerProbe;
import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cycles of {@code report}, a short {@code watch --record} and a short {@code profile} against JDK 17 and 25 targets,
 * two thirds of them with the target SIGKILLed or SIGSTOPped (then continued) at a random moment: before the attach,
 * between the trigger file and the socket, during a command, while profiling. Each time offheap ends in time with
 * its documented exit code and one error line; a target that was not killed still answers and has no profiler
 * running; nothing offheap made remains (trigger files, agent and profiler copies, empty recordings); a recording
 * keeps what was sampled and {@code analyze} reads it.
 *
 * <p>Targets run in a mount namespace of their own with a private /tmp: everything found there was made by this
 * cycle, whatever other tests run meanwhile. The count is {@code -Doffheap.fault.cycles} (CI: 6; {@code
 * scripts/fault-cycles 100} runs 100), the random sequence {@code -Doffheap.fault.seed} (printed, to replay a run).
 */
@Tag("fault")
class FaultCycleTest {
    private static final int CYCLES = Integer.getInteger("offheap.fault.cycles", 6);
    private static final long SEED = Long.getLong("offheap.fault.seed", System.nanoTime());

    enum Command { REPORT, WATCH, PROFILE }

    enum Fault { NONE, KILL, STOP }

    @TempDir
    Path scratch;

    @Test
    void offheapEndsCleanlyWhateverHappensToTheTargetMeanwhile() throws Exception {
        Random random = new Random(SEED);
        System.out.println("fault cycles: " + CYCLES + ", seed " + SEED);
        Map<Fault, int[]> exits = new EnumMap<>(Fault.class);
        long startNanos = System.nanoTime();
        for (int i = 0; i < CYCLES; i++) {
            Jdk jdk = i % 2 == 1 && Jdk.JDK25.installed() ? Jdk.JDK25 : Jdk.JDK17;
            Command command = Command.values()[random.nextInt(3)];
            Fault fault = Fault.values()[random.nextInt(3)];
            // a report takes about a second: its faults fall within it; watch and profile last 2 s and more
            int delayMillis = random.nextInt(command == Command.REPORT ? 1000 : 2500);
            int stopMillis = 200 + random.nextInt(2800);
            String cycle = "cycle " + i + ": " + command + " on " + jdk + ", " + fault
                    + (fault == Fault.NONE ? "" : " after " + delayMillis + " ms") + (fault == Fault.STOP ? " for " + stopMillis + " ms" : "");
            int code = cycle(cycle, jdk, command, fault, delayMillis, stopMillis, i);
            exits.computeIfAbsent(fault, f -> new int[4])[Math.min(code, 3)]++;
        }
        System.out.printf("fault cycles: %d in %.0f s; exit codes 0/1/2/3 by fault: %s%n", CYCLES,
                (System.nanoTime() - startNanos) / 1e9, describe(exits));
    }

    private int cycle(String cycle, Jdk jdk, Command command, Fault fault, int delayMillis, int stopMillis, int i)
            throws Exception {
        Path recording = scratch.resolve("cycle-" + i + ".jsonl");
        try (TargetJvm target = TargetJvm.builder(jdk, Idle.class)
                .wrapper("unshare", "--mount", "sh", "-c", "mount -t tmpfs -o size=64m offheap-fault /tmp && exec \"$@\"", "sh")
                .jvmArgs("-Xmx64m", "-XX:NativeMemoryTracking=summary").start()) {
            long pid = target.pid();
            String[] args = switch (command) {
                case REPORT -> new String[] {"report", String.valueOf(pid)};
                case WATCH -> new String[] {"watch", String.valueOf(pid), "--interval", "500ms", "--duration", "2s",
                    "--record", recording.toString()};
                case PROFILE -> new String[] {"profile", String.valueOf(pid), "--duration", "2s"};
            };
            CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run((Object[]) args));
            if (fault != Fault.NONE) {
                Thread.sleep(delayMillis);
                if (fault == Fault.KILL) {
                    signal("KILL", pid);
                } else {
                    signal("STOP", pid);
                    Thread.sleep(stopMillis);
                    signal("CONT", pid);
                }
            }
            Cli.Result r = run.get(120, TimeUnit.SECONDS);
            boolean killed = fault == Fault.KILL;
            if (killed) {
                assertThat(target.process().waitFor(20, TimeUnit.SECONDS)).as(cycle + ": the killed target exits").isTrue();
            }
            String what = cycle + ": exit " + r.exitCode() + ", stderr: " + r.err();
            System.out.println(cycle + ": exit " + r.exitCode() + (r.exitCode() > 1 ? ", " + lastLine(r.err()) : ""));
            assertThat(r.exitCode()).as(what).isIn(0, 1, 3);
            assertThat(r.err()).as(what).doesNotContain("internal error").doesNotContain("\tat ");
            if (r.exitCode() == 3) {
                assertThat(errorLines(r.err())).as(what).hasSize(1);
                assertThat(lastLine(r.err())).as(what).startsWith("offheap " + command.name().toLowerCase() + ": pid " + pid);
            }
            if (fault != Fault.KILL) {
                assertThat(r.exitCode()).as(what + " (a stopped target is continued well within the timeouts)").isIn(0, 1);
            }
            if (!killed) {
                assertThat(AttachClient.open(pid).jcmd("VM.version")).as(what + ": the target still answers").contains("JDK");
                assertThat(targetTmpLeftovers(pid)).as(what + ": offheap's files in the target's /tmp").isEmpty();
                // the status file in the target's private /tmp, named the same from both sides (same pid namespace)
                String status = ProfilerProbe.status(pid, Path.of("/proc/" + pid + "/root/tmp"));
                assertThat(status).as(what + ": profiler").isIn("not loaded", "Profiler is not active");
            }
            assertThat(triggers(target.workDir())).as(what + ": trigger files in the target's directory").isEmpty();
            assertThat(Path.of("/tmp/.attach_pid" + pid)).as(what).doesNotExist();
            checkRecording(what, command, recording, r.exitCode());
            try (Stream<Path> s = Files.list(scratch)) {
                assertThat(s.toList()).as(what + ": files left in the scratch folder").isEmpty();
            }
            return r.exitCode();
        }
    }

    /** A recording keeps what was sampled (analyze reads it); a watch that sampled nothing leaves no file. */
    private static void checkRecording(String what, Command command, Path recording, int exitCode) throws IOException {
        if (command != Command.WATCH) {
            return;
        }
        if (exitCode == 3 && !Files.exists(recording)) {
            return; // the target was gone before the first sample
        }
        assertThat(recording).as(what + ": the recording").exists();
        List<String> lines = Files.readAllLines(recording);
        assertThat(lines.stream().filter(l -> l.contains("\"type\":\"sample\"")).count()).as(what + ": samples recorded").isPositive();
        Cli.Result analyzed = Cli.run("analyze", recording);
        assertThat(analyzed.exitCode()).as(what + ": analyze of the recording: " + analyzed.err()).isIn(0, 1);
        Files.delete(recording);
    }

    /** What the target's private /tmp holds besides the JVM's own hsperfdata folder and attach socket. */
    private static List<String> targetTmpLeftovers(long pid) throws IOException {
        long nspid = dev.offheap.proc.PerfDataFiles.namespacePid(pid);
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/root/tmp"))) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("hsperfdata_") && !n.equals(".java_pid" + nspid)).toList();
        }
    }

    private static List<Path> triggers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".attach_pid")).toList();
        }
    }

    /** The lines of stderr other than profile's progress line and warnings. */
    private static List<String> errorLines(String err) {
        return err.lines().filter(l -> !l.isBlank() && !l.contains("sampling page faults of pid") && !l.contains(" faults/s: one sample per ")
                && !l.contains(": warning: ")).toList();
    }

    private static String lastLine(String err) {
        List<String> lines = err.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start().waitFor();
    }

    private static String describe(Map<Fault, int[]> exits) {
        StringBuilder sb = new StringBuilder();
        exits.forEach((f, c) -> sb.append(f).append(' ').append(c[0]).append('/').append(c[1]).append('/').append(c[2])
                .append('/').append(c[3]).append("  "));
        return sb.toString().strip();
    }
}
