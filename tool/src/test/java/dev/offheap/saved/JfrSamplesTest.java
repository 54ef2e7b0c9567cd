package dev.offheap.saved;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.model.ClassStats;
import dev.offheap.model.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a recording's events, recorded each at its own pace, become the samples of a watch (events built in code). */
class JfrSamplesTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final long MIB = 1 << 20;

    @Test
    void samplesAreTakenAtEachRssEventAndSlowerSeriesAreInterpolatedBetweenTheirRecordings() {
        JfrEvents e = new JfrEvents();
        for (int s = 0; s <= 10; s++) {
            e.rss.add(point(s, (100 + 4 * s) * MIB));
            e.threads.add(point(s, 12));
        }
        // the direct pool every 5 s, from 1 s on: 8 MiB, then +4 MiB/s
        e.directUsed.add(point(1, 8 * MIB));
        e.directCount.add(point(1, 8));
        e.directUsed.add(point(6, 28 * MIB));
        e.directCount.add(point(6, 28));
        List<Sample> samples = JfrSamples.build(e).samples();
        assertThat(samples).hasSize(11);
        assertThat(samples.get(4).rssBytes()).isEqualTo(116 * MIB);
        assertThat(samples.get(4).directBytes()).isEqualTo(20 * MIB);
        assertThat(samples.get(4).directCount()).isEqualTo(20);
        // outside the recorded span the pool is unknown to the trend; the resident rows continue its line for at most
        // the distance between the two recordings, then hold
        assertThat(samples.get(0).directBytes()).isNull();
        assertThat(samples.get(8).directBytes()).isNull();
        assertThat(samples.get(0).residentBytes()).containsEntry("direct-buffers", 4 * MIB);
        assertThat(samples.get(8).residentBytes()).containsEntry("direct-buffers", 36 * MIB);
        assertThat(samples.get(8).residentBytes()).containsEntry("unexplained", 132 * MIB - 36 * MIB);
        assertThat(samples.get(10).residentBytes()).containsEntry("direct-buffers", 44 * MIB);
        // so the rest of RSS does not seem to grow at the ends while the pool grows with it
        assertThat(samples.stream().map(x -> x.residentBytes().get("unexplained")).distinct().count()).isEqualTo(1);
        assertThat(samples.get(8).liveThreads()).isEqualTo(12);
    }

    @Test
    void theHeapsResidentRowIsTheMostHeapUsedSoFarAtMostTheHeapCommitted() {
        JfrEvents e = new JfrEvents();
        for (int s = 0; s <= 6; s++) {
            e.rss.add(point(s, 200 * MIB));
        }
        e.heapInitialBytes = 64 * MIB;
        e.heapUsed.add(point(2, 40 * MIB)); // before a GC
        e.heapUsed.add(point(2, 10 * MIB)); // after it
        e.heapCommitted.add(point(2, 48 * MIB));
        e.heapUsed.add(point(4, 90 * MIB));
        e.heapCommitted.add(point(4, 80 * MIB));
        List<Sample> samples = JfrSamples.build(e).samples();
        // before the first GC: the initial heap committed, and the first heap use recorded
        assertThat(samples.get(0).committedBytes()).containsEntry("java-heap", 64 * MIB);
        assertThat(samples.get(0).residentBytes()).containsEntry("java-heap", 40 * MIB);
        assertThat(samples.get(3).residentBytes()).containsEntry("java-heap", 40 * MIB);
        assertThat(samples.get(3).committedBytes()).containsEntry("java-heap", 48 * MIB);
        assertThat(samples.get(5).residentBytes()).containsEntry("java-heap", 80 * MIB);
        assertThat(samples.get(5).residentBytes()).containsEntry("unexplained", 120 * MIB);
    }

    @Test
    void nmtsMallocCategoriesGetRowsAndOtherBeyondTheDirectPoolIsUnsafe() {
        JfrEvents e = new JfrEvents();
        e.rss.add(point(0, 300 * MIB));
        e.directUsed.add(point(0, 20 * MIB));
        e.directCount.add(point(0, 20));
        e.nmt.put(T0, Map.of("Java Heap", 256 * MIB, "Other", 50 * MIB, "Symbol", 2 * MIB, "Internal", MIB,
                "Tracing", 15 * MIB, "Arena Chunk", MIB, "GC", 40 * MIB, "Thread Stack", 9 * MIB, "Compiler", MIB / 2));
        Sample s = JfrSamples.build(e).samples().get(0);
        assertThat(s.nmtCommittedBytes()).containsEntry("Other", 50 * MIB).containsEntry("Java Heap", 256 * MIB);
        assertThat(s.residentBytes()).containsEntry("direct-buffers", 20 * MIB).containsEntry("unsafe", 30 * MIB)
                .containsEntry("symbols", 2 * MIB).containsEntry("jvm-internal", MIB).containsEntry("compiler", MIB / 2)
                .containsEntry("malloc-jvm", 16 * MIB).doesNotContainKeys("gc", "thread-stacks", "java-heap");
        long rows = s.residentBytes().values().stream().mapToLong(Long::longValue).sum();
        assertThat(rows).isEqualTo(300 * MIB);
    }

    @Test
    void withoutRssTheSamplesCarryWhatTheJvmCommittedAndNoResidentRows() {
        JfrEvents e = new JfrEvents();
        for (int s = 0; s <= 4; s++) {
            e.threads.add(point(s, 9));
            e.loadedClasses.add(point(s, 1500 + s));
        }
        e.metaspace.add(point(1, 10 * MIB));
        e.metaspace.add(point(3, 14 * MIB));
        JfrSamples.Built built = JfrSamples.build(e);
        assertThat(built.samples()).hasSize(5).allMatch(s -> s.rssBytes() == null && s.residentBytes().isEmpty());
        assertThat(built.samples().get(2).committedBytes()).containsEntry("metaspace", 12 * MIB);
        assertThat(built.samples().get(4).loadedClasses()).isEqualTo(1504);
    }

    @Test
    void classLoaderBatchesAtChunkBoundariesBecomeTheFirstAndLastSamplesClassStatistics() {
        JfrEvents e = new JfrEvents();
        for (int s = 0; s <= 20; s++) {
            e.threads.add(point(s, 9));
        }
        e.loaders.add(new JfrEvents.Loader(T0, "jdk.internal.loader.ClassLoaders$AppClassLoader", 300, 0));
        for (int i = 0; i < 50; i++) {
            e.loaders.add(new JfrEvents.Loader(T0 + 20_000 + i, "com.example.PluginLoader", 1, 0));
        }
        e.loaders.add(new JfrEvents.Loader(T0 + 20_000, "jdk.internal.loader.ClassLoaders$AppClassLoader", 310, 0));
        e.loaders.add(new JfrEvents.Loader(T0 + 20_000, "jdk.internal.loader.BootLoader", 2000, 120));
        List<Sample> samples = JfrSamples.build(e).samples();
        ClassStats first = samples.get(0).classStats();
        ClassStats last = samples.get(20).classStats();
        assertThat(first.loaders("com.example.PluginLoader")).isZero();
        assertThat(last.loaders("com.example.PluginLoader")).isEqualTo(50);
        assertThat(last.classesByLoaderType()).containsEntry("jdk.internal.loader.ClassLoaders$AppClassLoader", 310L);
        assertThat(last.hiddenByLoaderType()).containsExactly(java.util.Map.entry("jdk.internal.loader.BootLoader", 120L));
        assertThat(samples.subList(1, 20)).allMatch(s -> s.classStats() == null);
    }

    @Test
    void rowsAddingUpToMoreThanRssLeaveUnexplainedAtZeroWithANote() {
        JfrEvents e = new JfrEvents();
        e.rss.add(point(0, 50 * MIB));
        e.rss.add(point(1, 90 * MIB));
        e.directUsed.add(point(0, 60 * MIB));
        e.directCount.add(point(0, 60));
        JfrSamples.Built built = JfrSamples.build(e);
        assertThat(built.samples().get(0).residentBytes()).containsEntry("unexplained", 0L);
        assertThat(built.samples().get(1).residentBytes()).containsEntry("unexplained", 30 * MIB);
        assertThat(built.notes()).containsExactly("in 1 of 2 samples the rows JFR measures add up to more than RSS"
                + " (committed memory is not all resident): 'unexplained' is 0 there");
    }

    @Test
    void anHourRecordedEverySecondGivesAtMost600SamplesEvenlySpacedWithTheLastKept() {
        JfrEvents e = new JfrEvents();
        for (int s = 0; s < 3600; s++) {
            e.rss.add(point(s, (100 << 20) + s * 1000L));
        }
        List<Sample> samples = JfrSamples.build(e).samples();
        assertThat(samples).hasSize(600);
        assertThat(samples.get(599).takenAtMillis()).isEqualTo(T0 + 3599 * 1000L);
        for (int i = 1; i < samples.size(); i++) {
            assertThat(samples.get(i).takenAtMillis() - samples.get(i - 1).takenAtMillis()).isEqualTo(6000);
        }
    }

    private static JfrEvents.Point point(int second, long value) {
        return new JfrEvents.Point(T0 + second * 1000L, value);
    }
}
