package dev.offheap.parse.profiles;

import dev.offheap.model.FaultRecording;
import dev.offheap.model.FaultStack;
import dev.offheap.model.InputException;
import dev.offheap.model.StackFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import one.jfr.JfrReader;
import one.jfr.event.ExecutionSample;

/**
 * Reads an async-profiler recording of the perf event {@code page-faults}
 * ({@code start,event=page-faults,interval=N,jfr,file=...}): each sample is a {@code jdk.ExecutionSample} with the
 * faulting thread and its stack (Java and native frames; a native frame's library is the frame's "class"). Stacks
 * are counted per thread; each sample stands for {@code interval} faults.
 */
public final class PageFaultJfrReader {
    private PageFaultJfrReader() {
    }

    public static FaultRecording read(Path file, long interval) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such file");
        }
        try (JfrReader r = new JfrReader(file.toString())) {
            Map<Long, long[]> counts = new LinkedHashMap<>(); // (stack id, tid) → samples
            long samples = 0;
            for (ExecutionSample e; (e = r.readEvent(ExecutionSample.class)) != null; ) {
                counts.computeIfAbsent((long) e.stackTraceId << 32 | (e.tid & 0xffffffffL), k -> new long[1])[0]++;
                samples++;
            }
            if (r.incomplete()) {
                throw new InputException(file + ": incomplete JFR recording (the profiler was not stopped?)");
            }
            Map<Integer, List<StackFrame>> frames = new HashMap<>();
            List<FaultStack> stacks = new ArrayList<>();
            long dropped = 0;
            for (Map.Entry<Long, long[]> c : counts.entrySet()) {
                int stackId = (int) (c.getKey() >>> 32);
                int tid = (int) (long) c.getKey();
                List<StackFrame> f = frames.computeIfAbsent(stackId, id -> NativememJfrReader.stack(r, id));
                long n = c.getValue()[0];
                if (f.stream().anyMatch(x -> NativememJfrReader.PROFILER.equals(x.library()))) {
                    dropped += n; // the profiler starting (its thread and the attach listener): not the target's doing
                    continue;
                }
                String thread = r.threads.get(tid);
                stacks.add(new FaultStack(f, thread == null ? "tid " + tid : thread, tid, n, n * interval));
            }
            return new FaultRecording(stacks, samples, dropped, r.startNanos, r.endNanos);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read JFR recording: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof InputException) {
                throw e;
            }
            throw new InputException(file + ": not a readable async-profiler JFR recording: " + e, e);
        }
    }
}
