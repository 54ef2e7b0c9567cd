package dev.offheap.cli;

import dev.offheap.live.LiveSampler;
import dev.offheap.live.LiveSnapshot;
import dev.offheap.model.Finding;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import dev.offheap.model.SnapshotSources;
import dev.offheap.model.TargetException;
import dev.offheap.redact.Redactor;
import dev.offheap.report.RecordingJson;
import dev.offheap.saved.RecordingFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Watches the JVM that {@code offheap run} started: every interval a watch sample (as {@code offheap watch} takes
 * it, appended to {@code recording.jsonl}) and a full snapshot's sources, the last of which gives the final report
 * once the JVM is gone. Until the JVM answers the attach protocol (during its start) a tick does nothing.
 */
final class RunWatch implements AutoCloseable {
    static final String RECORDING = "recording.jsonl";
    /** How long the buffer-pool agent keeps republishing: the JVM's lifetime is unknown. */
    private static final long POOLS_FOR_MILLIS = 24L * 3600 * 1000;

    private final long pid;
    private final long intervalMillis;
    private final Path recordingPath;
    private final Consumer<String> warn;
    private final List<Sample> samples = new ArrayList<>();
    private final long started = System.currentTimeMillis();
    private LiveSampler sampler;
    private Recording header;
    private RecordingFile file;
    private SnapshotSources lastSources;
    private long lastSourcesAt;
    private long nextMillis;
    private String lastFailure;

    private final boolean pools;
    private final Redactor redactor;

    /**
     * {@code pools}: load the buffer-pool agent (not under jemalloc profiling: its dlopen would show in the profile);
     * {@code redactor}: what it leaves of the configuration in the recording and the snapshots.
     */
    RunWatch(long pid, Path dir, long intervalMillis, boolean pools, Redactor redactor, Consumer<String> warn) {
        this.pid = pid;
        this.pools = pools;
        this.redactor = redactor;
        this.intervalMillis = intervalMillis;
        this.recordingPath = dir.resolve(RECORDING);
        this.warn = warn;
        // the first sample soon after the start, unless profiling: then the attach would show in the profile early
        this.nextMillis = started + (pools ? Math.min(intervalMillis, 1000) : intervalMillis);
    }

    /** Samples when one is due; failures while the JVM starts or exits are expected and only remembered. */
    void tick() {
        long now = System.currentTimeMillis();
        if (now < nextMillis) {
            return;
        }
        nextMillis = now + intervalMillis;
        try {
            if (sampler == null) {
                sampler = new LiveSampler(pid, redactor);
                header = sampler.recording();
                file = RecordingFile.open(recordingPath);
                file.append(RecordingJson.header(header, Version.current()));
            }
            Sample s = sampler.sample(pools, intervalMillis, started + POOLS_FOR_MILLIS, false);
            samples.add(s);
            file.append(RecordingJson.sample(s));
            lastSources = LiveSnapshot.sources(pid, new LiveSnapshot.Options(pools ? LiveSnapshot.Pools.PUBLISHED
                    : LiveSnapshot.Pools.PROFILING, true, true, redactor));
            lastSourcesAt = System.currentTimeMillis();
        } catch (TargetException | dev.offheap.model.InputException e) {
            lastFailure = e.getMessage();
        }
    }

    /** The sources of the last full snapshot, or null when none could be taken. */
    SnapshotSources lastSources() {
        return lastSources;
    }

    long lastSourcesAtMillis() {
        return lastSourcesAt;
    }

    int sampleCount() {
        return samples.size();
    }

    /** Why the last sample failed (null when it did not). */
    String lastFailure() {
        return lastFailure;
    }

    /** The findings of the growth over the samples (none with fewer than two). */
    List<Finding> growthFindings() {
        return sampler == null ? List.of() : sampler.growthFindings(samples);
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                warn.accept("cannot close " + recordingPath + ": " + e.getMessage());
            }
        }
    }
}
