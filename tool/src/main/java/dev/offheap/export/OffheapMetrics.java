package dev.offheap.export;

import dev.offheap.model.Finding;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The metrics of {@code offheap export}, built at each scrape from what the last cycle published (docs/exporter.md
 * lists them). Every per-JVM series carries {@link TargetLabels#NAMES}; the other labels take values from
 * fixed lists (categories, limits, finding ids and severities), so the number of series is bounded per JVM.
 */
public final class OffheapMetrics implements MultiCollector {
    private final Supplier<Exporter.Published> source;

    public OffheapMetrics(Supplier<Exporter.Published> source) {
        this.source = source;
    }

    @Override
    public MetricSnapshots collect() {
        Exporter.Published p = source.get();
        List<TargetState> up = p.targets().stream().filter(t -> t.measured() != null).toList();
        List<MetricSnapshot> m = new ArrayList<>();
        m.add(gauge("offheap_rss_bytes", "Resident memory of the JVM process (VmRSS).", Unit.BYTES, up,
                t -> one(t.measured().rssBytes())));
        m.add(gauge("offheap_resident_bytes", "Resident memory of the JVM by category (the categories add up to RSS).",
                Unit.BYTES, up, t -> keyed("category", t.measured().residentBytes())));
        m.add(gauge("offheap_committed_bytes", "Memory the JVM reports committed, by category (where NMT is on).",
                Unit.BYTES, up, t -> keyed("category", t.measured().committedBytes())));
        m.add(gauge("offheap_budget_bytes", "The JVM's reasonable budget: heap, metaspace, direct memory and code cache"
                + " maxima, thread stacks and a margin.", Unit.BYTES, up, t -> one(t.measured().budgetBytes())));
        m.add(gauge("offheap_limit_bytes", "Limits on the JVM's memory: the container's (cgroup) and the -XX maxima.",
                Unit.BYTES, up, t -> keyed("limit", t.measured().limitBytes())));
        m.add(gauge("offheap_limit_used_bytes", "What counts against each JVM limit: the direct buffer pool against"
                + " MaxDirectMemorySize, committed metaspace and class space against MaxMetaspaceSize and"
                + " CompressedClassSpaceSize, the code cache used against ReservedCodeCacheSize.", Unit.BYTES, up,
                t -> keyed("limit", t.measured().limitUsedBytes())));
        m.add(gauge("offheap_growth_bytes_per_second", "Robust (Theil-Sen) growth rate of each category's resident"
                + " memory over the window, in bytes per second (from 4 samples).", null, up,
                t -> keyed("category", t.measured().growthBytesPerSecond())));
        m.add(gauge("offheap_time_to_limit_seconds", "Time until the growth over the window reaches the limit, only for"
                + " trends a warning or critical finding stands behind.", Unit.SECONDS, up,
                t -> keyed("limit", t.measured().secondsToLimit())));
        m.add(gauge("offheap_finding", "1 for each finding offheap makes now (the id names the cause, see DESIGN.md).",
                null, up, OffheapMetrics::findings));
        m.add(gauge("offheap_direct_buffers", "Direct ByteBuffers alive (NIO buffer pool, through the agent).", null, up,
                t -> one(t.measured().directBuffers())));
        m.add(gauge("offheap_threads", "Threads of the JVM process (Java and JVM-internal).", null, up,
                t -> one(t.measured().threads())));
        m.add(gauge("offheap_glibc_arenas", "glibc malloc arena heaps (64 MiB reservations) in the process.", null, up,
                t -> one(t.measured().glibcArenas())));
        m.add(gauge("offheap_container_memory_bytes", "Working set of the JVM's cgroup (usage minus inactive page cache),"
                + " for a JVM in a container or in a cgroup with a memory limit; the cgroup label names it.",
                Unit.BYTES, up, OffheapMetrics::containerMemory));
        m.add(gauge("offheap_target_up", "1 when the last sample of the JVM succeeded, 0 when it failed.", null, p.targets(),
                t -> one(t.measured() == null ? 0 : 1)));
        m.add(gauge("offheap_target_down_reason", "1 with the reason a JVM is not sampled: attach_disabled, permission,"
                + " other_user, not_hotspot, timed_out, exited or failed.", null, p.targets(),
                t -> t.measured() != null ? Map.of() : Map.of(Labels.of("reason", t.down().text()), 1.0)));
        m.add(gauge("offheap_target_part_missing", "1 for each part the last sample of the JVM went on without (it could"
                + " not be read): buffer_pools, native_memory, code_cache, heap_info, cgroup, glibc_heaps, threads, ….",
                null, up, t -> keyed("part", ones(t.missingParts().keySet()))));
        CounterSnapshot.Builder errors = CounterSnapshot.builder().name("offheap_sample_errors")
                .help("Samples of the JVM that failed since offheap export first saw it.");
        for (TargetState t : p.targets()) {
            errors.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(t)).value(t.sampleErrors()).build());
        }
        m.add(errors.build());
        m.add(gauge("offheap_capture_timestamp_seconds", "When the newest capture of the JVM started (export --capture);"
                + " its folder is in the exporter's state at /captures, never in a label.", Unit.SECONDS, p.targets(),
                t -> newestCapture(p, t)));
        if (!p.captureCounts().isEmpty()) {
            CounterSnapshot.Builder captures = CounterSnapshot.builder().name("offheap_captures")
                    .help("Captures saved (export --capture), by reason: limit_<percent>pct, time_to_limit.");
            p.captureCounts().forEach((reason, n) -> captures.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("reason", reason)).value(n).build()));
            m.add(captures.build());
            m.add(CounterSnapshot.builder().name("offheap_capture_errors").help("Captures that failed and kept nothing (a full"
                    + " disk, the JVM gone, another capture holding the host's lock too long).")
                    .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(p.captureErrors()).build()).build());
        }
        m.add(single("offheap_export_jvms", "JVMs offheap export follows.", null, p.targets().size()));
        m.add(single("offheap_export_refused_jvms", "JVMs of other users that offheap export does not attach to.", null,
                p.refused()));
        m.add(single("offheap_export_cycle_seconds", "Duration of the last sampling cycle (all JVMs).", Unit.SECONDS,
                p.cycleSeconds()));
        m.add(CounterSnapshot.builder().name("offheap_export_cycles").help("Sampling cycles run.")
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(p.cycles()).build()).build());
        return new MetricSnapshots(m);
    }

    private static Map<Labels, Double> findings(TargetState t) {
        Map<Labels, Double> points = new TreeMap<>();
        for (Finding f : t.measured().findings()) {
            points.put(Labels.of("id", f.id(), "severity", f.severity().text()), 1.0);
        }
        return points;
    }

    private static Map<Labels, Double> newestCapture(Exporter.Published p, TargetState t) {
        dev.offheap.capture.Saved saved = p.latestCaptures().get(t.labels().pid());
        return saved == null ? Map.of() : Map.of(Labels.of("reason", saved.reason().label()), saved.startedAtMillis() / 1000.0);
    }

    private static Map<Labels, Double> containerMemory(TargetState t) {
        TargetState.Measured m = t.measured();
        return m.containerMemoryBytes() == null ? Map.of()
                : Map.of(Labels.of("cgroup", m.cgroupPath() == null ? "" : m.cgroupPath()), m.containerMemoryBytes().doubleValue());
    }

    private static Map<String, Integer> ones(java.util.Set<String> keys) {
        Map<String, Integer> m = new TreeMap<>();
        keys.forEach(k -> m.put(k, 1));
        return m;
    }

    private static Map<Labels, Double> one(Number value) {
        return value == null ? Map.of() : Map.of(Labels.EMPTY, value.doubleValue());
    }

    private static Map<Labels, Double> keyed(String label, Map<String, ? extends Number> values) {
        Map<Labels, Double> points = new TreeMap<>();
        values.forEach((k, v) -> points.put(Labels.of(label, k), v.doubleValue()));
        return points;
    }

    private static GaugeSnapshot gauge(String name, String help, Unit unit, List<TargetState> targets,
                                       Function<TargetState, Map<Labels, Double>> points) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        if (unit != null) {
            b.unit(unit);
        }
        for (TargetState t : targets) {
            Labels target = labels(t);
            points.apply(t).forEach((extra, v) -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(target.merge(extra)).value(v).build()));
        }
        return b.build();
    }

    private static GaugeSnapshot single(String name, String help, Unit unit, double value) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        if (unit != null) {
            b.unit(unit);
        }
        return b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static Labels labels(TargetState t) {
        return Labels.of(TargetLabels.NAMES, t.labels().values());
    }
}
