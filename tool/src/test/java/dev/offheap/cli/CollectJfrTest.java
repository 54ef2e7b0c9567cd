package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.offheap.attach.Jcmd;
import dev.offheap.testing.Cli;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'offheap collect --jfr' on JVMs of JDK 17 and 25 at once: a JVM without JFR gets a recording with JFR's default
 * settings, started, dumped and stopped through the attach API, and nothing left in its /tmp; a JVM that records
 * already has its own recording dumped and left running. 'offheap analyze DIR' reads the recording with the snapshot.
 */
class CollectJfrTest {
    @TempDir
    Path tmp;

    @Test
    void collectJfrRecordsWhatTheJvmDoesNotAndDumpsWhatItRecordsAlready() throws Exception {
        List<Jdk> jdks = Arrays.stream(Jdk.values()).filter(Jdk::installed).toList();
        assumeTrue(jdks.size() == 2, "JDK 17 and 25 are needed");
        List<TargetJvm> targets = new ArrayList<>();
        try {
            for (Jdk jdk : jdks) {
                targets.add(TargetJvm.builder(jdk, Idle.class).jvmArgs("-Xmx64m").start());
            }
            List<Set<String>> tmpBefore = new ArrayList<>();
            List<CompletableFuture<Cli.Result>> collects = new ArrayList<>();
            for (TargetJvm t : targets) {
                tmpBefore.add(tmpEntries(t.pid()));
                Path dir = tmp.resolve("fresh-" + t.pid());
                collects.add(CompletableFuture.supplyAsync(() -> Cli.run("collect", t.pid(), "--out", dir, "--jfr", "5s",
                        "--no-agent")));
            }
            // both collects end before either JVM is looked at again: the private folders share one /tmp
            collects.forEach(CompletableFuture::join);
            for (int i = 0; i < targets.size(); i++) {
                TargetJvm t = targets.get(i);
                String what = "collect --jfr of a " + jdks.get(i) + " JVM without JFR";
                Cli.Result c = collects.get(i).join();
                assertThat(c.exitCode()).as("%s: %s", what, c.err()).isZero();
                assertThat(c.err()).as(what).contains("offheap collect: recording pid " + t.pid() + " with JFR's default settings for 5 s");
                Path dir = tmp.resolve("fresh-" + t.pid());
                assertThat(dir.resolve("recording.jfr")).as(what).isRegularFile();
                assertThat(Files.readString(dir.resolve("MANIFEST.txt"))).as(what).containsPattern("(?m)^recording.jfr\tJDK Flight"
                        + " Recorder recording \\(JFR's default settings, 5 s, started by offheap and stopped; read with"
                        + " 'offheap analyze'\\)\tattach: jcmd " + t.pid() + " JFR.start name=offheap-collect settings=default"
                        + " \\+jdk.InitialEnvironmentVariable#enabled=false \\+jdk.InitialSystemProperty#enabled=false"
                        + " \\+jdk.SystemProcess#enabled=false disk=false, then JFR.dump and JFR.stop\t\\d{4}-");
                try (var events = jdk.jfr.consumer.RecordingFile.readAllEvents(dir.resolve("recording.jfr")).stream()) {
                    // what offheap records leaves out the environment, system properties and host processes
                    assertThat(events.map(e -> e.getEventType().getName())).as(what).contains("jdk.JVMInformation")
                            .doesNotContain("jdk.InitialEnvironmentVariable", "jdk.InitialSystemProperty", "jdk.SystemProcess");
                }
                Jcmd jcmd = Jcmd.attach(t.pid());
                assertThat(jcmd.run("JFR.check")).as(what).contains("No available recordings");
                Set<String> added = tmpEntries(t.pid());
                added.removeAll(tmpBefore.get(i));
                assertThat(added).as("%s: left in the target's /tmp", what).isEmpty();
                Cli.Result a = Cli.run("analyze", dir);
                assertThat(a.exitCode()).as(a.err()).isZero();
                assertThat(a.out()).as(what).containsPattern("Note: " + java.util.regex.Pattern.quote(dir.resolve("recording.jfr")
                        .toString()) + ": \\d+ samples over \\d+ s, analyzed as a watch that ended with the other files");

                // now the JVM records on its own: its recording is dumped, and goes on
                jcmd.run("JFR.start name=own settings=default disk=false");
                Path own = tmp.resolve("own-" + t.pid());
                Cli.Result o = Cli.run("collect", t.pid(), "--out", own, "--jfr", "--no-agent");
                assertThat(o.exitCode()).as(o.err()).isZero();
                assertThat(o.err()).contains("offheap collect: pid " + t.pid() + " records with JFR already (recording 'own'):"
                        + " its recordings will be dumped as they are, nothing is started");
                assertThat(own.resolve("recording.jfr")).isRegularFile();
                assertThat(jcmd.run("JFR.check")).as(what).contains("name=own").contains("(running)");
                jcmd.run("JFR.stop name=own");
                // the repository JFR made for the dump of the JVM's own recording is the JVM's: removed here, as it
                // would be when the JVM exits (it is killed)
                Set<String> left = tmpEntries(t.pid());
                left.removeAll(tmpBefore.get(i));
                left.stream().filter(n -> n.endsWith("_" + t.pid()))
                        .forEach(n -> TargetJvm.deleteTree(Path.of("/proc", Long.toString(t.pid()), "root", "tmp", n)));
            }
        } finally {
            targets.forEach(TargetJvm::close);
        }
    }

    private static Set<String> tmpEntries(long pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "root", "tmp"))) {
            // other tests' JVMs come and go in the same /tmp: only what is named after this JVM's pid counts
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("_" + pid) || n.startsWith("offheap-jfr-"))
                    .collect(Collectors.toSet());
        }
    }
}
