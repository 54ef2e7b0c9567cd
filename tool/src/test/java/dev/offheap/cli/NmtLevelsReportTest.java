package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.offheap.analyze.Analyzer;
import dev.offheap.attach.BufferPoolReader;
import dev.offheap.live.LiveSampler;
import dev.offheap.live.LiveSnapshot;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.Finding;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Report;
import dev.offheap.model.Snapshot;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.DirectBufferLeak;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One report at every NMT level: the category table of a JVM measured at NMT summary agrees with the same JVM at
 * detail (the ground truth), and every note a report prints is true of that report, whichever way it was taken.
 */
class NmtLevelsReportTest {
    private static final long MIB = 1L << 20;
    private static final List<String> LEVELS = List.of("off", "summary", "detail");

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void summaryAndDetailOfTheSameJvmAgreePerCategory(Jdk jdk) {
        assumeThat(jdk.installed()).as(jdk + " is not installed").isTrue();
        try (TargetJvm t = TargetJvm.builder(jdk, DirectBufferLeak.class).jvmArgs("-Xmx128m", "-XX:NativeMemoryTracking=detail",
                "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading").args("24", "0", "24").start()) {
            // the first NMT detail report makes the JVM load its ELF symbol tables (a few MiB of NMT Internal malloc):
            // one before, so that both are taken of the same state
            LiveSnapshot.take(t.pid(), new LiveSnapshot.Options(LiveSnapshot.Pools.AGENT, false));
            Report detail = Analyzer.analyze(LiveSnapshot.take(t.pid(), new LiveSnapshot.Options(LiveSnapshot.Pools.PUBLISHED, true)));
            Report summary = Analyzer.analyze(LiveSnapshot.take(t.pid(),
                    new LiveSnapshot.Options(LiveSnapshot.Pools.PUBLISHED, true, false)));
            // a detail report before and after: what changes meanwhile (a JIT compilation's arena) is not a disagreement
            Report after = Analyzer.analyze(LiveSnapshot.take(t.pid(), new LiveSnapshot.Options(LiveSnapshot.Pools.PUBLISHED, true)));
            assertThat(detail.explained().basis()).startsWith("NMT detail");
            assertThat(summary.explained().basis()).startsWith("NMT summary");
            for (MemoryCategory c : MemoryCategory.values()) {
                long low = Math.min(detail.explained().resident(c), after.explained().resident(c));
                long high = Math.max(detail.explained().resident(c), after.explained().resident(c));
                double tolerance = Math.max(high * 0.05, 2.0 * MIB);
                assertThat((double) summary.explained().resident(c)).as("%s at NMT summary vs detail (%d-%d bytes)", c.text(), low, high)
                        .isBetween(low - tolerance, high + tolerance);
            }
            // metaspace and class space are found by their reserved size: measured, not estimated, within a few pages
            for (MemoryCategory c : List.of(MemoryCategory.METASPACE, MemoryCategory.CLASS_SPACE)) {
                CategoryUsage u = summary.explained().category(c).orElseThrow();
                long truth = detail.explained().resident(c);
                assertThat(truth).as("%s resident at detail", c.text()).isPositive();
                assertThat(u.approximate()).as("%s estimated at summary", c.text()).isFalse();
                assertThat((double) u.residentBytes()).as("%s resident at summary", c.text())
                        .isCloseTo(truth, org.assertj.core.data.Offset.offset(Math.max(truth * 0.10, 64 * 1024.0)));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void everyNoteOfAReportIsTrueOfItAtEveryLevel(Jdk jdk) {
        assumeThat(jdk.installed()).as(jdk + " is not installed").isTrue();
        List<TargetJvm> targets = new ArrayList<>();
        try {
            for (String level : LEVELS) {
                targets.add(TargetJvm.builder(jdk, DirectBufferLeak.class).jvmArgs("-Xmx128m", "-XX:NativeMemoryTracking=" + level,
                        "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading").args("16", "0", "16").start());
            }
            List<CompletableFuture<Void>> checks = new ArrayList<>();
            for (int i = 0; i < LEVELS.size(); i++) {
                String level = LEVELS.get(i);
                long pid = targets.get(i).pid();
                checks.add(CompletableFuture.runAsync(() -> checkNotes(level, pid)));
            }
            checks.forEach(CompletableFuture::join);
        } finally {
            targets.forEach(TargetJvm::close);
        }
    }

    /** The three ways a report is taken: 'report', 'report --no-agent', and a watch's (or the demo's) final one. */
    private static void checkNotes(String level, long pid) {
        Report noAgent = Analyzer.analyze(LiveSnapshot.take(pid, new LiveSnapshot.Options(LiveSnapshot.Pools.NO_AGENT, true)));
        assertThat(notes(noAgent)).as("NMT %s, --no-agent", level).contains("buffer pools not read (--no-agent)");
        assertTrue(level + ", --no-agent", noAgent);

        Report agent = Analyzer.analyze(LiveSnapshot.take(pid, new LiveSnapshot.Options(LiveSnapshot.Pools.AGENT, true)));
        assertThat(agent.snapshot().bufferPools()).as("NMT %s: pools read", level).isNotNull();
        assertTrue(level + ", agent", agent);

        LiveSampler sampler = new LiveSampler(pid);
        sampler.sample(true, 1000, System.currentTimeMillis() + 2000, false);
        Report last = Analyzer.analyze(sampler.snapshot(LiveSnapshot.Pools.PUBLISHED, true));
        assertThat(last.snapshot().bufferPools()).as("NMT %s: the watch's pools", level).isNotNull();
        assertTrue(level + ", after a watch", last);
        assertThat(notes(last)).noneMatch(n -> n.startsWith("buffer pools"));
    }

    private static List<String> notes(Report r) {
        List<String> notes = new ArrayList<>(r.explained().notes());
        notes.addAll(r.snapshot().notes());
        return notes;
    }

    /** What each note claims, checked against the report it is printed in. */
    private static void assertTrue(String how, Report r) {
        Snapshot s = r.snapshot();
        String nmt = s.nmtMode();
        boolean poolFigures = r.findings().stream().map(Finding::evidence).flatMap(List::stream)
                .anyMatch(e -> e.contains(BufferPoolReader.SOURCE));
        Map<String, Function<String, Boolean>> claims = Map.of(
                "buffer pools not read", n -> s.bufferPools() == null && !poolFigures
                        && !r.explained().basis().contains(BufferPoolReader.SOURCE),
                "buffer pools were not read", n -> s.bufferPools() == null,
                "NMT summary has no addresses", n -> "summary".equals(nmt) && estimated(r, n),
                "without NMT,", n -> "off".equals(nmt),
                "no malloc statistics: JDK", n -> s.mallocInfo() == null && s.version().major() < 21,
                "no System.map cross-check", n -> s.systemMap() == null,
                "System.map agrees", n -> s.systemMap() != null,
                "pagemap not readable", n -> s.residency().isEmpty(),
                "NMT, ", n -> (!n.contains("buffer pools") || s.bufferPools() != null)
                        && (!n.contains("malloc_info") || s.mallocInfo() != null));
        List<String> notes = notes(r);
        assertThat(notes).as(how).isNotEmpty();
        for (String note : notes) {
            claims.forEach((prefix, check) -> {
                if (note.startsWith(prefix)) {
                    assertThat(check.apply(note)).as("%s: note not true of its report: %s", how, note).isTrue();
                }
            });
        }
    }

    /** "NMT summary has no addresses: gc, jvm-internal are estimated …": each named row is marked estimated. */
    private static boolean estimated(Report r, String note) {
        String names = note.substring(note.indexOf(": ") + 2, note.indexOf(" estimated")).replaceAll(" (is|are)$", "");
        for (String name : names.split(", ")) {
            boolean approximate = r.explained().categories().stream()
                    .anyMatch(u -> u.category().text().equals(name) && u.approximate());
            if (!approximate) {
                return false;
            }
        }
        return true;
    }
}
