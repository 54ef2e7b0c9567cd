package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.attach.Jcmd;
import dev.offheap.saved.JfrRecordingReader;
import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.ClassLoaderLeak;
import dev.offheap.zoo.DirectBufferLeak;
import dev.offheap.zoo.HealthyWarmup;
import dev.offheap.zoo.ThreadLeak;
import dev.offheap.zoo.ZipLeak;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Zoo programs recorded with JFR's default settings (NMT off, as in production) on JDK 17 and 25 at once, each
 * watched by 'offheap watch' meanwhile; the recording dumped with jcmd JFR.dump at the end of the watch is then
 * given to 'offheap analyze': its first warning or critical finding must be the one the watch names on the same JVM,
 * and the one the program demonstrates. JDK 17 records no RSS: there a native leak outside the JVM's own memory is
 * not seen, and the analysis says why instead of naming anything. The ZipLeak JVM on JDK 25 is then killed, and
 * what its JFR repository holds (a finished chunk and the unfinished one it was writing) is read up to the kill.
 */
class JfrZooTest {
    private static final String WATCH_DURATION = "14s";
    /** A secret among the JVM's arguments: the recording holds it (jdk.JVMInformation), what offheap reads does not. */
    private static final String SECRET = "-Dzoo.db.password=hunter2";
    private static final String NO_RSS = "RSS is not in this recording (jdk.ResidentSetSize is recorded from JDK 21 on)";

    static Stream<Arguments> zoo() {
        return Stream.of(
                Arguments.of(DirectBufferLeak.class, List.of("-Xmx256m"), List.of("8", "4", "400"), "DIRECT_BUFFER_GROWTH",
                        "DIRECT_BUFFER_GROWTH"),
                // the zip leak is malloc: seen in RSS only, which JDK 17 does not record
                Arguments.of(ZipLeak.class, List.of("-Xmx128m"), List.of(), "NATIVE_MALLOC_GROWTH", "NATIVE_MALLOC_GROWTH"),
                Arguments.of(ClassLoaderLeak.class, List.of("-Xmx256m"), List.of(), "CLASSLOADER_LEAK", "CLASSLOADER_LEAK"),
                Arguments.of(ThreadLeak.class, List.of("-Xmx128m"), List.of(), "THREAD_GROWTH", "THREAD_GROWTH"),
                Arguments.of(HealthyWarmup.class, List.of("-Xms16m", "-Xmx256m"), List.of(), null, null));
    }

    @ParameterizedTest(name = "{0}: watch names {3} on JDK 17 and {4} on JDK 25, so does analyze of the recording")
    @MethodSource("zoo")
    void analyzeOfAJfrRecordingNamesWhatWatchNamesOnTheSameJvm(Class<?> program, List<String> jvmArgs, List<String> args,
                                                               String watch17, String watch25) throws Exception {
        List<Jdk> jdks = Arrays.stream(Jdk.values()).filter(Jdk::installed).toList();
        assumeTrue(jdks.size() == 2, "JDK 17 and 25 are needed");
        List<TargetJvm> targets = new ArrayList<>();
        try {
            for (Jdk jdk : jdks) {
                // the repository in the target's own folder (deleted with it), not in /tmp
                targets.add(TargetJvm.builder(jdk, program).jvmArgs(jvmArgs.toArray(String[]::new))
                        .jvmArgs("-XX:+EnableDynamicAgentLoading", "-XX:+IgnoreUnrecognizedVMOptions", SECRET,
                                "-XX:FlightRecorderOptions=repository=repository",
                                "-XX:StartFlightRecording=name=zoo,settings=default")
                        .args(args.toArray(String[]::new)).start());
            }
            List<CompletableFuture<JsonNode>> watches = new ArrayList<>();
            for (TargetJvm t : targets) {
                watches.add(CompletableFuture.supplyAsync(() -> ZooWatchTest.watch(t.pid(), List.of(), "1s", WATCH_DURATION)));
            }
            for (int i = 0; i < targets.size(); i++) {
                TargetJvm t = targets.get(i);
                Jdk jdk = jdks.get(i);
                String what = program.getSimpleName() + " on " + jdk;
                JsonNode watched = watches.get(i).join();
                Path recording = dump(t);
                Cli.Result r = Cli.run("analyze", "--json", recording);
                assertThat(r.exitCode()).as("%s: %s", what, r.err()).isZero();
                assertThat(r.err()).as(what).isEmpty();
                JsonNode analyzed = r.json();
                String expected = jdk == Jdk.JDK17 ? watch17 : watch25;
                assertThat(firstSerious(watched)).as("%s: watch's findings %s", what, ids(watched)).isEqualTo(expected);
                if (jdk == Jdk.JDK17 && program == ZipLeak.class) {
                    assertThat(firstSerious(analyzed)).as("%s: findings %s", what, ids(analyzed)).isNull();
                    assertThat(notes(analyzed)).as(what).anyMatch(n -> n.startsWith(NO_RSS));
                } else {
                    assertThat(firstSerious(analyzed)).as("%s: analyze's findings %s", what, ids(analyzed)).isEqualTo(expected);
                }
                assertThat(analyzed.path("target").path("jdk").path("major").asInt()).as(what).isEqualTo(jdk.major);
                assertThat(analyzed.path("target").path("pid").asLong()).as(what).isEqualTo(t.pid());
                assertThat(analyzed.path("series").size()).as(what).isGreaterThanOrEqualTo(12);
                assertThat(r.out()).as(what).doesNotContain("hunter2");
                assertThat(JfrRecordingReader.read(recording).value().jvmArguments()).as(what)
                        .contains("-Dzoo.db.password=<redacted>").noneMatch(a -> a.contains("hunter2"));
                if (jdk == Jdk.JDK25 && program == ZipLeak.class) {
                    killedWhileRecording(t, recording);
                }
            }
        } finally {
            targets.forEach(TargetJvm::close);
        }
    }

    /** jcmd PID JFR.dump of the recording the JVM started with, into its working folder. */
    private static Path dump(TargetJvm t) throws IOException {
        Path file = t.workDir().resolve("recording.jfr");
        String out = Jcmd.attach(t.pid()).run("JFR.dump name=zoo filename=" + file);
        assertThat(file).as(out).isRegularFile();
        return file;
    }

    /**
     * SIGKILL, then the repository's chunks joined as JFR's emergency dump joins them: the last chunk was never
     * finished; it is read up to its last flush, with one warning, and the leak is still named. Cut in the middle,
     * the dump of the same JVM cannot be read: one line, exit 2.
     */
    private static void killedWhileRecording(TargetJvm t, Path dumped) throws Exception {
        Thread.sleep(3000); // the leak goes on in the chunk that JFR.dump began
        t.kill();
        Path joined = t.workDir().resolve("killed.jfr");
        List<Path> chunks;
        try (Stream<Path> s = Files.walk(t.workDir().resolve("repository"))) {
            chunks = s.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
        }
        assertThat(chunks).as("the repository's chunk files").hasSizeGreaterThanOrEqualTo(2);
        try (OutputStream out = Files.newOutputStream(joined)) {
            for (Path c : chunks) {
                Files.copy(c, out);
            }
        }
        Cli.Result r = Cli.run("analyze", "--json", joined);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err().strip()).startsWith("offheap analyze: warning: " + joined + ": chunk " + chunks.size() + " (from byte ")
                .contains(") was never finished: its JVM was killed or crashed while recording; read up to its last flush,")
                .doesNotContain("\n");
        assertThat(firstSerious(r.json())).as("findings %s", ids(r.json())).isEqualTo("NATIVE_MALLOC_GROWTH");

        byte[] whole = Files.readAllBytes(dumped);
        long first = java.nio.ByteBuffer.wrap(whole, 8, 8).getLong(); // the first chunk's size, from its header
        int half = (int) (first / 2);
        Path cut = Files.write(t.workDir().resolve("cut.jfr"), Arrays.copyOf(whole, half));
        Cli.Result c = Cli.run("analyze", cut);
        assertThat(c.exitCode()).as(c.err()).isEqualTo(2);
        assertThat(c.out()).isEmpty();
        assertThat(c.err().strip()).isEqualTo("offheap analyze: " + cut + ": cut at byte " + half + " inside chunk 1 (from"
                + " byte 0, " + first + " bytes long by its header, " + half + " present; the JDK's reader needs a chunk's"
                + " end, where its metadata is): nothing can be read");
    }

    /** The id of the first warning or critical finding, null when there is none. */
    static String firstSerious(JsonNode doc) {
        for (JsonNode f : doc.path("findings")) {
            if (!f.path("severity").asText().equals("info")) {
                return f.path("id").asText();
            }
        }
        return null;
    }

    static List<String> ids(JsonNode doc) {
        List<String> ids = new ArrayList<>();
        doc.path("findings").forEach(f -> ids.add(f.path("id").asText() + ":" + f.path("severity").asText()));
        return ids;
    }

    private static List<String> notes(JsonNode doc) {
        List<String> notes = new ArrayList<>();
        doc.path("notes").forEach(n -> notes.add(n.asText()));
        return notes;
    }
}
