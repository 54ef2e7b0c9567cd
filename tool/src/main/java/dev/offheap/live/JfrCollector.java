package dev.offheap.live;

import dev.offheap.attach.Jcmd;
import dev.offheap.attach.JcmdException;
import dev.offheap.files.PrivateFiles;
import dev.offheap.model.CollectedFile;
import dev.offheap.model.TargetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDK Flight Recorder recording {@code offheap collect --jfr} saves, through the attach API's JFR commands. A JVM
 * that records already (-XX:StartFlightRecording, a continuous recording) has its recordings dumped as they are:
 * they hold the hours before. Otherwise one recording with JFR's own settings ({@code settings=default}, less the
 * events of the environment, system properties and processes) is started in the target's memory only
 * ({@code disk=false}: no repository files while it runs), dumped once the duration has
 * passed, and stopped; the repository folder JFR makes in the target's /tmp for the dump is removed. JFR itself stays
 * loaded in the target (its threads idle): only a restart unloads it.
 */
public final class JfrCollector implements AutoCloseable {
    public static final String RECORDING = "offheap-collect";
    /**
     * JFR's own settings, without the events of the environment, the system properties and the host's processes:
     * offheap reads none of them and they hold secrets the way environments and command lines do (JDK 17+ syntax).
     */
    public static final List<String> SETTINGS = List.of("settings=default", "+jdk.InitialEnvironmentVariable#enabled=false",
            "+jdk.InitialSystemProperty#enabled=false", "+jdk.SystemProcess#enabled=false");
    // "Recording 1: name=1 maxsize=250.0MB (running)"
    private static final Pattern RUNNING = Pattern.compile("(?m)^Recording \\d+: name=(\\S+).*\\(running\\)");
    // "Repository path: /tmp/2026_12_07_02_58_18_716"
    private static final Pattern REPOSITORY = Pattern.compile("(?m)^Repository path: (/tmp/\\S+)$");

    private final long pid;
    private final Jcmd jcmd;
    private final Duration duration;
    private final long startedAtMillis;
    private final boolean started;
    private final Set<String> tmpBefore;
    private boolean stopped;

    private JfrCollector(long pid, Jcmd jcmd, Duration duration, boolean started, Set<String> tmpBefore) {
        this.pid = pid;
        this.jcmd = jcmd;
        this.duration = duration;
        this.startedAtMillis = System.currentTimeMillis();
        this.started = started;
        this.tmpBefore = tmpBefore;
    }

    /** Starts a recording for {@code duration}, or finds the target's own recordings to dump at the end. */
    public static JfrCollector begin(long pid, Duration duration, Consumer<String> say) {
        Jcmd jcmd = Jcmd.attach(pid);
        String check = jfr(jcmd, "JFR.check");
        Matcher running = RUNNING.matcher(check);
        if (running.find()) {
            say.accept("pid " + pid + " records with JFR already (recording '" + running.group(1) + "'): its recordings"
                    + " will be dumped as they are, nothing is started");
            return new JfrCollector(pid, jcmd, Duration.ZERO, false, Set.of());
        }
        Set<String> before = tmpEntries(pid);
        String out = jfr(jcmd, "JFR.start name=" + RECORDING + " " + String.join(" ", SETTINGS) + " disk=false");
        if (!out.contains("Started recording")) {
            throw new TargetException("pid " + pid + ": JFR.start did not start a recording: " + out.strip());
        }
        say.accept("recording pid " + pid + " with JFR's default settings for " + duration.toSeconds() + " s");
        return new JfrCollector(pid, jcmd, duration, true, before);
    }

    /**
     * Waits until the duration has passed (for a recording started here), dumps into a private folder of the target's
     * /tmp, hands the file and its manifest entry ({@code name}) to {@code keep} (to move it where it belongs), and
     * stops what was started.
     */
    public void finish(String name, Consumer<String> say, BiConsumer<Path, CollectedFile> keep) {
        long left = startedAtMillis + duration.toMillis() - System.currentTimeMillis();
        if (left > 0) {
            say.accept("waiting " + (left + 999) / 1000 + " s more for the JFR recording");
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetException("interrupted while recording with JFR");
            }
        }
        long at = System.currentTimeMillis();
        try (TargetTmpFolder folder = TargetTmpFolder.create(pid, "offheap-jfr-")) {
            String command = "JFR.dump " + (started ? "name=" + RECORDING + " " : "") + "filename="
                    + folder.inTarget().resolve("recording.jfr");
            String out = jfr(jcmd, command);
            Path file = folder.here().resolve("recording.jfr");
            if (!Files.isRegularFile(file)) {
                throw new TargetException("pid " + pid + ": " + command + " wrote no file: " + out.strip());
            }
            close();
            keep.accept(file, new CollectedFile(name, null, "JDK Flight Recorder recording ("
                    + (started ? "JFR's default settings, " + duration.toSeconds() + " s, started by offheap and stopped"
                    : "the target's own recordings") + "; read with 'offheap analyze')", "attach: jcmd " + pid + " "
                    + (started ? "JFR.start name=" + RECORDING + " " + String.join(" ", SETTINGS) + " disk=false, then " : "")
                    + "JFR.dump"
                    + (started ? " and JFR.stop" : ""), at));
        }
    }

    /** Stops the recording started here (once; also when the collect is interrupted) and removes JFR's new folder. */
    @Override
    public synchronized void close() {
        if (!started || stopped) {
            return;
        }
        stopped = true;
        String repository = null;
        try {
            Matcher m = REPOSITORY.matcher(jcmd.run("JFR.configure"));
            repository = m.find() ? m.group(1) : null;
        } catch (JcmdException e) {
            // the folder is then left to the JVM, which removes it when it exits
        }
        jfr(jcmd, "JFR.stop name=" + RECORDING);
        Path name = repository == null ? null : Path.of(repository).getFileName();
        if (name != null && !tmpBefore.contains(name.toString()) && Path.of(repository).getParent().equals(Path.of("/tmp"))) {
            // made for the dump (a memory-only recording has none before): JFR makes a new one when it needs it again
            PrivateFiles.deleteTree(Path.of("/proc", Long.toString(pid), "root", "tmp", name.toString()));
        }
    }

    private static String jfr(Jcmd jcmd, String command) {
        try {
            return jcmd.run(command);
        } catch (JcmdException e) {
            throw new TargetException("pid " + jcmd.connection().pid() + ": jcmd " + command + " failed: "
                    + e.getMessage().strip());
        }
    }

    private static Set<String> tmpEntries(long pid) {
        Set<String> names = new HashSet<>();
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "root", "tmp"))) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new TargetException("pid " + pid + ": cannot list its /tmp: " + e.getMessage());
        }
        return names;
    }
}
