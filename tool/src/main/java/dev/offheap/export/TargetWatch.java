package dev.offheap.export;

import dev.offheap.analyze.HeldLeaks;
import dev.offheap.analyze.RecordingAnalyzer;
import dev.offheap.capture.CaptureMeasure;
import dev.offheap.capture.Captures;
import dev.offheap.capture.Subject;
import dev.offheap.live.LiveSampler;
import dev.offheap.live.LiveSnapshot;
import dev.offheap.model.CategoryGrowth;
import dev.offheap.model.CgroupMemory;
import dev.offheap.model.GlibcHeap;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.PerfCounters;
import dev.offheap.model.Report;
import dev.offheap.model.Sample;
import dev.offheap.model.Snapshot;
import dev.offheap.model.TargetException;
import dev.offheap.model.WatchReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One JVM followed by {@code offheap export}: its sampler (attached on the first sample), the window of its last
 * samples for the growth rules, the leak findings held across windows, and the state of its last sample; each sample
 * is shown to the captures (when on), which decide at once whether to capture it. Used by one thread at a time.
 */
final class TargetWatch {
    /** HotSpot's "unlimited" MaxMetaspaceSize and friends are near max_uintx. */
    private static final long UNLIMITED = 1L << 60;
    private static final int MIN_GROWTH_SAMPLES = 4;
    private static final Set<String> CATEGORIES = Arrays.stream(MemoryCategory.values()).map(MemoryCategory::text)
            .collect(Collectors.toUnmodifiableSet());

    private final TargetLabels labels;
    private final ExportSettings settings;
    private final Captures captures;
    private final ArrayDeque<Sample> window = new ArrayDeque<>();
    private HeldLeaks held = HeldLeaks.NONE;
    private LiveSampler sampler;
    private long errors;

    /** {@code captures}: null when the exporter takes none. */
    TargetWatch(TargetLabels labels, ExportSettings settings, Captures captures) {
        this.labels = labels;
        this.settings = settings;
        this.captures = captures;
    }

    TargetLabels labels() {
        return labels;
    }

    /** Samples the JVM once (a failure is counted and its reason kept, never thrown) and returns the state to publish. */
    TargetState sample(long nowMillis) {
        try {
            if (sampler == null) {
                sampler = new LiveSampler(labels.pid());
            }
            // the agent is loaded once per JVM; its thread ends by itself a minute or so after the exporter stops
            // (no more attach operations), or after a day (then it is loaded again)
            LiveSampler.Analyzed a = sampler.sampleAnalyzed(settings.agent(), settings.intervalMillis(),
                    nowMillis + settings.agentHorizonMillis());
            window.addLast(a.sample());
            while (window.size() > settings.windowSamples()) {
                window.removeFirst();
            }
            Map<String, String> missing = new HashMap<>();
            a.missing().forEach((part, why) -> missing.put(part.text(), why));
            return TargetState.up(labels, measure(a), missing, errors);
        } catch (TargetException e) {
            errors++;
            return TargetState.down(labels, exited() ? TargetException.Reason.EXITED : e.reason(), e.getMessage(), errors);
        } catch (RuntimeException e) {
            // an output that did not parse (a JVM exiting mid-read, or a bug): this JVM's sample fails, not the export
            errors++;
            return TargetState.down(labels, exited() ? TargetException.Reason.EXITED : TargetException.Reason.FAILED,
                    e.toString(), errors);
        }
    }

    /** Whether the JVM's process has ended (then any failure of its sample is that). */
    private boolean exited() {
        return !ProcessHandle.of(labels.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    private TargetState.Measured measure(LiveSampler.Analyzed a) {
        Sample s = a.sample();
        Report report = a.report();
        Snapshot snap = report.snapshot();
        List<Sample> samples = new ArrayList<>(window);
        RecordingAnalyzer.Continued analysed = RecordingAnalyzer.analyze(sampler.recording(samples, report.findings()), held);
        held = analysed.held();
        WatchReport watch = analysed.report();
        if (captures != null) {
            captures.observe(new Subject(labels.pid(), labels.mainClass(), labels.container()),
                    CaptureMeasure.of(report, analysed).orElse(null), () -> sampler.recording(samples, null), watch,
                    settings.agent() ? LiveSnapshot.Pools.PUBLISHED : LiveSnapshot.Pools.NO_AGENT);
        }
        Map<String, Long> limits = limits(snap, sampler.recording().containerLimitBytes());
        Map<String, Double> growth = new HashMap<>();
        Map<String, Double> toLimit = new HashMap<>();
        if (samples.size() >= MIN_GROWTH_SAMPLES) {
            for (CategoryGrowth g : watch.growth()) {
                if (CATEGORIES.contains(g.name())) {
                    growth.put(g.name(), g.bytesPerSecond());
                }
                if (g.secondsToLimit() != null) {
                    toLimit.put(limitLabel(g), Math.max(0, g.secondsToLimit()));
                }
            }
        }
        long arenas = snap.glibcHeaps() == null ? 0 : snap.glibcHeaps().stream().filter(GlibcHeap::counts).count();
        CgroupMemory cg = snap.cgroup();
        // the cgroup's working set is the container's only for a JVM in one, or where the cgroup has a limit (the
        // OOM killer acts there); a JVM in a host's session or service slice would show the whole slice's
        boolean ownCgroup = cg != null && (!labels.container().isEmpty() || cg.limitBytes().isPresent());
        Long containerMemory = !ownCgroup || cg.workingSetBytes().isEmpty() ? null : cg.workingSetBytes().getAsLong();
        return new TargetState.Measured(s.rssBytes(), s.residentBytes(), s.committedBytes(),
                report.budget() == null ? null : report.budget().totalBytes(), limits, used(s, snap, limits), growth, toLimit,
                watch.findings(), s.directCount(), s.osThreads(), arenas, containerMemory,
                containerMemory == null ? null : cg.path(), samples.size());
    }

    /** The limit a growth row runs towards, named as the {@code limit} label names it. */
    private static String limitLabel(CategoryGrowth g) {
        if (g.name().equals("rss")) {
            return "container";
        }
        return g.limitName();
    }

    /** What counts against each JVM limit that is set, where it was read. */
    private static Map<String, Long> used(Sample s, Snapshot snap, Map<String, Long> limits) {
        Map<String, Long> used = new HashMap<>();
        if (limits.containsKey("MaxDirectMemorySize") && s.directBytes() != null) {
            used.put("MaxDirectMemorySize", s.directBytes());
        }
        Long meta = s.committedBytes().get(MemoryCategory.METASPACE.text());
        Long cls = s.committedBytes().get(MemoryCategory.CLASS_SPACE.text());
        PerfCounters counters = snap.counters();
        if (meta == null && cls == null && counters != null) {
            // without NMT: the counters of committed metadata, updated at each GC
            meta = boxed(counters.number("sun.gc.metaspace.capacity"));
            cls = boxed(counters.number("sun.gc.compressedclassspace.capacity"));
            if (meta != null && cls != null) {
                meta -= cls;
            }
        }
        if (limits.containsKey("MaxMetaspaceSize") && (meta != null || cls != null)) {
            used.put("MaxMetaspaceSize", (meta == null ? 0 : meta) + (cls == null ? 0 : cls));
        }
        if (limits.containsKey("CompressedClassSpaceSize") && cls != null) {
            used.put("CompressedClassSpaceSize", cls);
        }
        if (limits.containsKey("ReservedCodeCacheSize") && s.codeCacheUsedBytes() != null) {
            used.put("ReservedCodeCacheSize", s.codeCacheUsedBytes());
        }
        return used;
    }

    private static Long boxed(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    private static Map<String, Long> limits(Snapshot snap, Long containerLimit) {
        Map<String, Long> limits = new HashMap<>();
        Long container = containerLimit;
        if (snap.cgroup() != null && snap.cgroup().limitBytes().isPresent()) {
            container = snap.cgroup().limitBytes().getAsLong();
        }
        if (container != null) {
            limits.put("container", container);
        }
        JvmFlags f = snap.flags();
        if (f == null) {
            return limits;
        }
        OptionalLong heap = f.longValue("MaxHeapSize");
        heap.ifPresent(h -> limits.put("MaxHeapSize", h));
        long direct = f.longValue("MaxDirectMemorySize").orElse(0);
        // unset (0): the JVM allows as much direct memory as the heap max
        if (direct > 0 || heap.isPresent()) {
            limits.put("MaxDirectMemorySize", direct > 0 ? direct : heap.getAsLong());
        }
        for (String name : List.of("MaxMetaspaceSize", "CompressedClassSpaceSize", "ReservedCodeCacheSize")) {
            f.longValue(name).ifPresent(v -> {
                if (Long.compareUnsigned(v, UNLIMITED) < 0) {
                    limits.put(name, v);
                }
            });
        }
        if (f.bool("UseCompressedClassPointers").map(b -> !b).orElse(false)) {
            limits.remove("CompressedClassSpaceSize");
        }
        return limits;
    }
}
