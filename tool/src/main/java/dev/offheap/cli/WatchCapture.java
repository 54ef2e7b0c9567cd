package dev.offheap.cli;

import dev.offheap.analyze.HeldLeaks;
import dev.offheap.analyze.RecordingAnalyzer;
import dev.offheap.capture.CaptureMeasure;
import dev.offheap.capture.CaptureSettings;
import dev.offheap.capture.Captures;
import dev.offheap.capture.GrowthStep;
import dev.offheap.capture.Saved;
import dev.offheap.capture.Subject;
import dev.offheap.live.LiveSampler;
import dev.offheap.live.LiveSnapshot;
import dev.offheap.model.JvmProcess;
import dev.offheap.model.Sample;
import dev.offheap.proc.JvmProcesses;
import dev.offheap.proc.PerfDataFiles;
import dev.offheap.proc.ProcReader;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code watch --capture DIR}: each sample is shown to the captures with the analysis of the last 10 minutes of
 * samples (as {@code export} judges its window, leaks held across it), so a capture is taken, on its own thread, when
 * the JVM nears its limit; when the JVM ends during the watch, whether the OOM killer ended it is said.
 */
final class WatchCapture implements AutoCloseable {
    private static final long WINDOW_MILLIS = 10 * 60_000;

    private final LiveSampler sampler;
    private final Captures captures;
    private final Subject subject;
    private final LiveSnapshot.Pools pools;
    private final int windowSamples;
    private final ArrayDeque<Sample> window = new ArrayDeque<>();
    private final List<String> lines = new ArrayList<>();
    private HeldLeaks held = HeldLeaks.NONE;

    WatchCapture(long pid, CaptureSettings settings, LiveSampler sampler, long intervalMillis, boolean agent, PrintWriter err) {
        this.sampler = sampler;
        this.pools = agent ? LiveSnapshot.Pools.PUBLISHED : LiveSnapshot.Pools.NO_AGENT;
        this.windowSamples = (int) Math.max(4, WINDOW_MILLIS / intervalMillis);
        String main = PerfDataFiles.localJvm(pid).flatMap(j -> JvmProcesses.describe(j, settings.freshRedactor()))
                .map(JvmProcess::mainClass).orElse("");
        this.subject = new Subject(pid, main, "");
        this.captures = new Captures(settings, GrowthStep.PAGE_FAULTS, "offheap watch " + Version.current() + " (pid "
                + ProcessHandle.current().pid() + ")", Version.current(), line -> {
                    synchronized (err) {
                        err.println("offheap watch: " + line);
                        err.flush();
                    }
                    synchronized (lines) {
                        lines.add(line);
                    }
                });
    }

    /** One sample: the window's analysis, then the captures decide (a capture runs on their thread). */
    void observe(LiveSampler.Analyzed a) {
        window.addLast(a.sample());
        while (window.size() > windowSamples) {
            window.removeFirst();
        }
        List<Sample> samples = List.copyOf(window);
        RecordingAnalyzer.Continued c = RecordingAnalyzer.analyze(sampler.recording(samples, a.report().findings()), held);
        held = c.held();
        captures.observe(subject, CaptureMeasure.of(a.report(), c).orElse(null), () -> sampler.recording(samples, null),
                c.report(), pools);
    }

    /** After a failed sample: when the JVM has ended, waits (a little) for the verdict on how. */
    void endedIfGone() throws InterruptedException {
        if (ProcReader.exited(subject.pid())) {
            captures.ended(subject.pid());
            captures.awaitIdle(15_000);
        }
    }

    /** For the report: the captures saved, those that failed, and what became of the JVM, as said on stderr. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (Saved s : captures.history()) {
            notes.add("--capture: saved " + s.dir() + " (" + s.measure().reasonWords(s.reason()) + ")");
        }
        synchronized (lines) {
            for (String l : lines) {
                String text = l.startsWith(subject.words() + ": ") ? l.substring(subject.words().length() + 2) : l;
                if (!text.startsWith("saved a capture") && !text.startsWith("waiting for")) {
                    notes.add("--capture: " + text);
                }
            }
        }
        return notes;
    }

    /** At the watch's end: lets a capture and a growth profile under way finish (at most a minute), then stops. */
    @Override
    public void close() throws InterruptedException {
        close(false);
    }

    /**
     * {@code cut}: the watch was stopped (Ctrl-C, SIGTERM), and the report must be out before the JVM exits: a capture
     * under way finishes, a growth profile under way stops its profiler at once and keeps nothing (its captures say
     * so). Otherwise as {@link #close()}.
     */
    void close(boolean cut) throws InterruptedException {
        if (!cut && !captures.awaitIdle(60_000)) {
            synchronized (lines) {
                lines.add("a capture did not finish within a minute of the watch's end; it was left unfinished");
            }
        }
        captures.close();
    }
}
