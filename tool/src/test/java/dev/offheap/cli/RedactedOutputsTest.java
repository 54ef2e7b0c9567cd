package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.analyze.Analyzer;
import dev.offheap.assemble.SnapshotAssembler;
import dev.offheap.model.SnapshotSources;
import dev.offheap.parse.proc.HsperfdataParser;
import dev.offheap.redact.Redactor;
import dev.offheap.report.Json;
import dev.offheap.report.ReportJson;
import dev.offheap.saved.SnapshotFolder;
import dev.offheap.testing.Cli;
import dev.offheap.testing.ExporterProcess;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Nothing secret leaves the host by accident (DESIGN.md §6): one JVM per JDK started with secrets in its environment,
 * -D properties, an -XX:OnError command, a JDBC URL and program arguments, shared by every case. Every byte that
 * collect, watch --record, report --json/--html, ps --json, run, profile, heap --keep and export's /metrics write or
 * print is searched for each secret; the keys are still there; everything written is owner-only under umask 022
 * (each command runs in a JVM of its own started by a shell with that umask).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedactedOutputsTest {
    private static final String M = Redactor.MARK;
    /** Secret values by where they are given; none may be found in what offheap writes or prints. */
    private static final Map<String, String> SECRETS = new LinkedHashMap<>();
    /** A value no standard key pattern covers: kept unless --redact names its key. */
    private static final String INTERNAL = "it-internal-endpoint-7c2e";

    static {
        SECRETS.put("DB_PASSWORD", "it-env-db-pw-5e1b");
        SECRETS.put("AWS_SECRET_ACCESS_KEY", "it-env-aws-sk-0d94");
        SECRETS.put("-Ddb.password", "it-prop-pw-a3f7");
        SECRETS.put("-Dapi.token", "it-prop-tok-61c8");
        SECRETS.put("-XX:OnError", "it-onerr-bearer-92de");
        SECRETS.put("-Ddb.url", "it-jdbc-pw-4b05");
        SECRETS.put("--db-password", "it-arg-pw-e817");
        SECRETS.put("--api-key", "it-arg-key-35aa");
        SECRETS.put("URL argument", "it-arg-url-pw-c260");
        SECRETS.put("-Dorders.url", "it-oracle-pw-19d3");
        SECRETS.put("-XX:OnOutOfMemoryError", "it-curl-user-pw-77b0");
    }

    @TempDir
    Path tmp;

    private final Map<Jdk, TargetJvm> targets = new EnumMap<>(Jdk.class);

    @BeforeAll
    void startTheJvmsWithSecrets() {
        for (Jdk jdk : Jdk.values()) {
            if (jdk.installed()) {
                targets.put(jdk, withSecrets(TargetJvm.builder(jdk, Idle.class)).args("3600")
                        .args(programArguments().toArray(String[]::new)).start());
            }
        }
    }

    @AfterAll
    void stopThem() {
        targets.values().forEach(TargetJvm::close);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void collectWatchReportAndPsKeepTheKeysAndNoSecret(Jdk jdk) throws Exception {
        TargetJvm t = target(jdk);
        Path out = tmp.resolve(jdk.name());
        Files.createDirectory(out);
        Path collected = out.resolve("collected");
        Path unredacted = out.resolve("unredacted");
        Path more = out.resolve("more");
        Path recording = out.resolve("watch.jsonl");

        List<Output> outputs = new ArrayList<>();
        outputs.add(offheap(out, "collect", t.pid(), "--out", collected, "--heap-dump", "--profile", "1s"));
        outputs.add(offheap(out, "collect", t.pid(), "--out", more, "--redact", "internal"));
        outputs.add(offheap(out, "watch", t.pid(), "--interval", "500ms", "--duration", "2s", "--record", recording,
                "--html", out.resolve("watch.html")));
        Output json = offheap(out, "report", "--json", t.pid());
        outputs.add(json);
        outputs.add(offheap(out, "report", t.pid(), "--html", out.resolve("report.html")));
        Output ps = offheap(out, "ps", "--json");
        outputs.add(ps);
        Output analyzed = offheap(out, "analyze", "--json", collected);
        outputs.add(analyzed);
        Output plain = offheap(out, "collect", t.pid(), "--out", unredacted, "--no-redact");
        outputs.add(plain);

        // no secret in any byte printed or written, but the heap dump, which holds them all (and says so)
        List<String> holders = secretsIn(outputs, out, collected.resolve("heap.hprof"), unredacted);
        assertThat(holders).isEmpty();
        assertThat(new String(Files.readAllBytes(collected.resolve("heap.hprof")), StandardCharsets.ISO_8859_1))
                .as("the search finds what is there").contains(SECRETS.get("-Ddb.password"));
        String manifest = Files.readString(collected.resolve("MANIFEST.txt"));
        assertThat(manifest).containsPattern("(?m)^heap\\.hprof\t[^\t]*NOT redacted: it holds everything the Java heap holds")
                .contains("\n# redaction on: values of keys matching password|passwd|pwd|secret|token|key|credential|auth")
                .containsPattern("(?m)^# redacted keys \\(never their values\\): .*-Ddb\\.password, .*-XX:OnError: Authorization"
                        + " header, .*environment AWS_SECRET_ACCESS_KEY, .*environment DB_PASSWORD");
        assertThat(outputs.get(0).errText()).contains("keys redacted (MANIFEST.txt lists the keys); heap.hprof is not redacted");

        // the keys are still there
        assertThat(Files.readString(collected.resolve("environ.txt")))
                .containsPattern("(^|\0)DB_PASSWORD=" + Pattern.quote(M) + "(\0|$)")
                .containsPattern("(^|\0)AWS_SECRET_ACCESS_KEY=" + Pattern.quote(M) + "(\0|$)");
        assertThat(Files.readString(collected.resolve("vm-command-line.txt"))).contains("-Ddb.password=" + M,
                "-Dapi.token=" + M, "-XX:OnError=curl -H \"Authorization: Bearer " + M + "\" https://alerts.example/hook",
                "-Ddb.url=jdbc:postgresql://db:5432/app?user=app&password=" + M,
                "-Dorders.url=jdbc:oracle:thin:orders/" + M + "@//db:1521/orders",
                "-XX:OnOutOfMemoryError=curl -u ops:" + M + " https://alerts.example/oom",
                "java_command: " + Idle.class.getName() + " 3600 --db-password " + M + " --api-key=" + M + " https://user:" + M + "@host/x");
        assertThat(Files.readString(collected.resolve("cmdline.bin"))).contains("\0-Ddb.password=" + M + "\0",
                "\0--db-password\0" + M + "\0--api-key=" + M + "\0https://user:" + M + "@host/x\0");
        assertThat(Files.readString(collected.resolve("vm-flags.txt")))
                .containsPattern("ccstrlist OnError += curl -H \"Authorization: Bearer " + Pattern.quote(M) + "\" https://alerts");
        assertThat(HsperfdataParser.parse(Files.readAllBytes(collected.resolve("hsperfdata")), "hsperfdata").value()
                .text("sun.rt.javaCommand")).isEqualTo(Idle.class.getName() + " 3600 --db-password " + M + " --api-key=" + M
                + " https://user:" + M + "@host/x");
        JsonNode header = Json.mapper().readTree(Files.readAllLines(recording).get(0));
        assertThat(header.path("jvmArguments").toString()).contains("\"-Ddb.password=" + M + "\"", "\"-Dapi.token=" + M + "\"",
                "\"-Dcorp.internal.endpoint=" + INTERNAL + "\"");
        assertThat(header.path("flags").path("OnError").asText()).isEqualTo("curl -H \"Authorization: Bearer " + M
                + "\" https://alerts.example/hook");
        List<String> listed = new ArrayList<>();
        ps.json().path("jvms").forEach(j -> listed.add(j.path("pid").asLong() + " " + j.path("mainClass").asText()));
        assertThat(listed).contains(t.pid() + " " + Idle.class.getName());

        // --redact adds a pattern; --no-redact keeps every value, and the MANIFEST says which was used
        assertThat(Files.readString(more.resolve("vm-command-line.txt"))).contains("-Dcorp.internal.endpoint=" + M)
                .doesNotContain(INTERNAL);
        assertThat(Files.readString(more.resolve("MANIFEST.txt"))).contains(" and --redact internal (case-insensitive)",
                "-Dcorp.internal.endpoint");
        assertThat(plain.exit()).as(plain.text()).isZero();
        assertThat(Files.readString(unredacted.resolve("MANIFEST.txt"))).contains("\n# redaction off (--no-redact)")
                .doesNotContain("# redacted keys");
        String raw = Files.readString(unredacted.resolve("environ.txt")) + Files.readString(unredacted.resolve("cmdline.bin"))
                + Files.readString(unredacted.resolve("vm-flags.txt"));
        assertThat(raw).contains(SECRETS.values());

        // analyze of the redacted folder gives the live findings, and redaction changes nothing an analysis reads
        assertThat(idsAndSeverities(analyzed.json())).isEqualTo(idsAndSeverities(json.json()));
        SnapshotSources sources = SnapshotFolder.read(unredacted);
        assertThat(reportJson(redacted(sources, Redactor.standard()))).isEqualTo(reportJson(sources));

        assertOwnerOnly(collected, more, unredacted, recording, out.resolve("watch.html"), out.resolve("report.html"));
    }

    @Test
    void runKeepsTheSecretsOfItsJvmOutOfItsFolderAndOutput() throws Exception {
        Path out = tmp.resolve("run");
        Files.createDirectory(out);
        Path dir = out.resolve("kept");
        List<String> command = new ArrayList<>(List.of("run", "--watch-interval", "1s", "--out", dir.toString(), "--json", "--",
                Jdk.JDK17.java().toString()));
        command.addAll(jvmOptions());
        command.addAll(List.of("-cp", TargetJvm.zooClasspath(), Idle.class.getName(), "4"));
        command.addAll(programArguments());
        Output run = offheap(out, Map.of("DB_PASSWORD", SECRETS.get("DB_PASSWORD"), "AWS_SECRET_ACCESS_KEY",
                SECRETS.get("AWS_SECRET_ACCESS_KEY")), command.toArray());

        String stdout = new String(run.stdout(), StandardCharsets.UTF_8);
        // the program's own "ready", then the offheap/1 document
        assertThat(Json.mapper().readTree(stdout.substring(stdout.indexOf('{'))).path("findings").isArray()).as(run.text()).isTrue();
        assertThat(secretsIn(List.of(run), dir, null)).isEmpty();
        assertThat(Files.readString(dir.resolve("snapshot/vm-command-line.txt"))).contains("-Ddb.password=" + M);
        assertThat(Files.readString(dir.resolve("snapshot/environ.txt"))).containsPattern("(^|\0)DB_PASSWORD=" + Pattern.quote(M) + "(\0|$)");
        assertThat(Files.readString(dir.resolve("snapshot/MANIFEST.txt"))).contains("environment DB_PASSWORD");
        assertThat(Files.readAllLines(dir.resolve("recording.jsonl")).get(0)).contains("\"-Dapi.token=" + M + "\"");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).contains("gc.log", "report.txt", "report.json", "snapshot")
                    .anyMatch(n -> n.matches("perf-\\d+\\.map"));
        }
        assertOwnerOnly(dir);
    }

    @Test
    void profileAndHeapOutputsAreOwnerOnlyAndHoldNoSecret() throws Exception {
        TargetJvm t = target(Jdk.JDK17);
        Path out = tmp.resolve("profile");
        Files.createDirectory(out);
        Output profile = offheap(out, "profile", t.pid(), "--duration", "1s", "--collapsed", out.resolve("stacks.txt"),
                "--html", out.resolve("profile.html"));
        Output heap = offheap(out, "heap", "--dump", t.pid(), "--keep", out.resolve("kept.hprof"), "--json");

        assertThat(secretsIn(List.of(profile, heap), out, out.resolve("kept.hprof"))).isEmpty();
        assertOwnerOnly(out.resolve("stacks.txt"), out.resolve("profile.html"), out.resolve("kept.hprof"));
    }

    @Test
    void exportLabelsHoldNoSecret() throws Exception {
        assumeThat(targets).isNotEmpty();
        String pids = String.join(",", targets.values().stream().map(t -> Long.toString(t.pid())).toList());
        try (ExporterProcess exporter = ExporterProcess.start("--interval", "1s", "--pids", pids)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String body = exporter.metrics().body();
            while (!allUp(body)) {
                assertThat(System.nanoTime()).as("every target up within 60 s; /metrics:\n%s\nexporter:\n%s", body,
                        exporter.output()).isLessThan(deadline);
                Thread.sleep(200);
                body = exporter.metrics().body();
            }
            assertThat(body).contains("main_class=\"" + Idle.class.getName() + "\"");
            assertThat(secretsIn(List.of(new Output(0, body.getBytes(StandardCharsets.UTF_8), new byte[0])), null, null)).isEmpty();
        }
    }

    private boolean allUp(String body) {
        return targets.values().stream().allMatch(t -> upIn(t.pid(), body));
    }

    /** offheap_target_up of {@code pid} is 1 in a /metrics body. */
    private static boolean upIn(long pid, String body) {
        return Pattern.compile("(?m)^offheap_target_up\\{[^}]*pid=\"" + pid + "\"[^}]*} 1(\\.0)?$").matcher(body).find();
    }

    private TargetJvm target(Jdk jdk) {
        assumeThat(jdk.installed()).as(jdk + " is not installed").isTrue();
        return targets.get(jdk);
    }

    private static TargetJvm.Builder withSecrets(TargetJvm.Builder b) {
        return b.env("DB_PASSWORD", SECRETS.get("DB_PASSWORD")).env("AWS_SECRET_ACCESS_KEY", SECRETS.get("AWS_SECRET_ACCESS_KEY"))
                .jvmArgs(jvmOptions().toArray(String[]::new));
    }

    private static List<String> jvmOptions() {
        return List.of("-Xmx64m", "-XX:NativeMemoryTracking=summary", "-Ddb.password=" + SECRETS.get("-Ddb.password"),
                "-Dapi.token=" + SECRETS.get("-Dapi.token"),
                "-XX:OnError=curl -H \"Authorization: Bearer " + SECRETS.get("-XX:OnError") + "\" https://alerts.example/hook",
                "-Ddb.url=jdbc:postgresql://db:5432/app?user=app&password=" + SECRETS.get("-Ddb.url"),
                "-Dorders.url=jdbc:oracle:thin:orders/" + SECRETS.get("-Dorders.url") + "@//db:1521/orders",
                "-XX:OnOutOfMemoryError=curl -u ops:" + SECRETS.get("-XX:OnOutOfMemoryError") + " https://alerts.example/oom",
                "-Dcorp.internal.endpoint=" + INTERNAL);
    }

    private static List<String> programArguments() {
        return List.of("--db-password", SECRETS.get("--db-password"), "--api-key=" + SECRETS.get("--api-key"),
                "https://user:" + SECRETS.get("URL argument") + "@host/x");
    }

    /**
     * "secret (its key) in where" for each secret found in the outputs' bytes or in a file under {@code root} (but
     * {@code except} and what is under {@code skip}).
     */
    private static List<String> secretsIn(List<Output> outputs, Path root, Path except, Path skip) throws IOException {
        List<String> found = new ArrayList<>();
        for (Output o : outputs) {
            search(o.stdout(), o.command() + " (stdout)", found);
            search(o.stderr(), o.command() + " (stderr)", found);
        }
        if (root != null) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    if (!p.equals(except) && (skip == null || !p.startsWith(skip))) {
                        search(Files.readAllBytes(p), p.toString(), found);
                    }
                }
            }
        }
        return found;
    }

    private static List<String> secretsIn(List<Output> outputs, Path root, Path except) throws IOException {
        return secretsIn(outputs, root, except, null);
    }

    private static void search(byte[] bytes, String where, List<String> found) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        SECRETS.forEach((key, secret) -> {
            if (text.contains(secret)) {
                found.add(secret + " (" + key + ") in " + where);
            }
        });
    }

    /** Every folder under the paths rwx------, every file rw-------. */
    private static void assertOwnerOnly(Path... paths) throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path root : paths) {
            assertThat(root).exists();
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.toList()) {
                    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                    String expected = Files.isDirectory(p) ? "rwx------" : "rw-------";
                    if (!mode.equals(expected)) {
                        wrong.add(mode + " " + p);
                    }
                }
            }
        }
        assertThat(wrong).as("written under umask 022").isEmpty();
    }

    private static List<String> idsAndSeverities(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.path("findings").forEach(f -> out.add(f.path("id").asText() + " " + f.path("severity").asText()));
        return out;
    }

    /** The sources as the read points leave them: environ, VM.command_line, VM.flags and hsperfdata through {@code r}. */
    private static SnapshotSources redacted(SnapshotSources s, Redactor r) {
        return s.with(SnapshotSources.ENVIRON, r.environ(s.bytes(SnapshotSources.ENVIRON).orElseThrow()))
                .with(SnapshotSources.VM_COMMAND_LINE, r.vmCommandLine(s.text(SnapshotSources.VM_COMMAND_LINE).orElseThrow()))
                .with(SnapshotSources.VM_FLAGS, r.vmFlags(s.text(SnapshotSources.VM_FLAGS).orElseThrow()))
                .with(SnapshotSources.HSPERFDATA, HsperfdataParser.rewriteStrings(s.bytes(SnapshotSources.HSPERFDATA).orElseThrow(),
                        "hsperfdata", r::perfCounter));
    }

    private static String reportJson(SnapshotSources s) {
        return Json.toText(ReportJson.render(Analyzer.analyze(SnapshotAssembler.assemble(s)), Version.current()));
    }

    /** What one offheap command printed. */
    record Output(int exit, byte[] stdout, byte[] stderr, String command) {
        Output(int exit, byte[] stdout, byte[] stderr) {
            this(exit, stdout, stderr, "/metrics");
        }

        String errText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }

        String text() {
            return command + " exited " + exit + "\nstdout:\n" + new String(stdout, StandardCharsets.UTF_8) + "\nstderr:\n" + errText();
        }

        JsonNode json() throws IOException {
            return Json.mapper().readTree(stdout);
        }
    }

    private static Output offheap(Path dir, Object... args) throws IOException, InterruptedException {
        return offheap(dir, Map.of(), args);
    }

    /**
     * Runs offheap in a JVM of its own, from a shell that sets umask 022, in {@code dir}; its stdout and stderr go to
     * files of a private folder of the test, read and deleted.
     */
    private static Output offheap(Path dir, Map<String, String> env, Object... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "umask 022 && exec \"$@\"", "offheap"));
        cmd.addAll(Cli.command("-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        List<String> given = new ArrayList<>();
        for (Object a : args) {
            given.add(String.valueOf(a));
        }
        cmd.addAll(given);
        Path io = Files.createTempDirectory("offheap-test-io");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(io.resolve("out").toFile()).redirectError(io.resolve("err").toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("offheap " + given + " did not end within 180 s; stderr:\n" + Files.readString(io.resolve("err")));
            }
            Output o = new Output(p.exitValue(), Files.readAllBytes(io.resolve("out")), Files.readAllBytes(io.resolve("err")),
                    "offheap " + String.join(" ", given.subList(0, Math.min(2, given.size()))));
            assertThat(o.exit()).as(o.text()).isZero();
            return o;
        } finally {
            TargetJvm.deleteTree(io);
        }
    }
}
