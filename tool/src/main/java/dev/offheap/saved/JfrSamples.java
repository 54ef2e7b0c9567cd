package dev.offheap.saved;

import dev.offheap.model.ClassStats;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtTag;
import dev.offheap.model.Sample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a recording's memory events into the samples of a watch. JFR records each value at its own pace (RSS,
 * threads and classes every second, direct buffers every 5 s, heap and metaspace at each GC, the code cache at each
 * chunk's start and end), so samples are taken at the times of the most frequent one (RSS where recorded) and each
 * other value is the latest recorded by then, as a live watch reads the latest value a counter published; direct
 * buffers and metaspace are interpolated between their recordings, so that rows subtracted from one another (NMT's
 * Other minus the direct pool, RSS minus the rows) do not saw-tooth.
 * <p>
 * JFR gives no memory map: the resident rows are what JFR measures (the heap, estimated; metaspace, class space,
 * code cache, direct buffers; with NMT the JVM's malloc'ed categories) and {@code unexplained}, the rest of RSS:
 * libraries, CDS, thread stacks, GC structures and all malloc that NMT does not track.
 */
final class JfrSamples {
    /** Samples a recording gives at most. */
    static final int MAX_SAMPLES = 600;
    /** Batches of jdk.ClassLoaderStatistics further apart than this are different chunk boundaries. */
    private static final long LOADER_BATCH_GAP_MILLIS = 2000;
    /** NMT categories with a row of their own; the other malloc'ed ones are malloc-jvm, the mmap'ed ones unexplained. */
    private static final Map<NmtTag, MemoryCategory> NMT_ROWS = Map.of(NmtTag.INTERNAL, MemoryCategory.JVM_INTERNAL,
            NmtTag.SYMBOL, MemoryCategory.SYMBOLS, NmtTag.COMPILER, MemoryCategory.COMPILER, NmtTag.GC_CARD_SET, MemoryCategory.GC);
    /** NMT categories that are mapped memory (committed, not all resident) or rows of their own above. */
    private static final List<NmtTag> NOT_MALLOC = List.of(NmtTag.JAVA_HEAP, NmtTag.CLASS, NmtTag.METASPACE, NmtTag.CODE,
            NmtTag.THREAD, NmtTag.THREAD_STACK, NmtTag.GC, NmtTag.SHARED_CLASS_SPACE, NmtTag.OTHER);

    /** The samples and what to say about how they were made. */
    record Built(List<Sample> samples, List<String> notes) {
    }

    private JfrSamples() {
    }

    static Built build(JfrEvents e) {
        Cursors c = new Cursors(e);
        Long firstFull = e.codeCacheFull.stream().min(Long::compare).orElse(null);
        int clamped = 0;
        List<Sample> samples = new ArrayList<>();
        for (JfrEvents.Point tick : clock(e)) {
            long t = tick.t();
            Long rssBytes = e.rss.isEmpty() ? null : c.rss.at(t);
            Long committedHeap = c.heapCommitted.at(t);
            committedHeap = committedHeap != null ? committedHeap : e.heapInitialBytes;
            Map<String, Long> committed = new HashMap<>();
            put(committed, MemoryCategory.JAVA_HEAP, committedHeap);
            put(committed, MemoryCategory.METASPACE, c.metaspace.between(t));
            put(committed, MemoryCategory.CLASS_SPACE, c.classSpace.between(t));
            Map.Entry<Long, Map<String, long[]>> code = e.codeCache.floorEntry(t);
            code = code != null ? code : e.codeCache.firstEntry();
            Long codeUsed = code == null ? null : code.getValue().values().stream().mapToLong(v -> v[0]).sum();
            Long codeSize = code == null ? null : code.getValue().values().stream().mapToLong(v -> v[1]).sum();
            boolean codeKnown = code != null && code.getKey() <= t;
            Map<String, Long> nmt = nmt(e.nmt, t);
            Map<String, Long> resident = rssBytes == null ? Map.of() : resident(c, t, rssBytes, committedHeap, codeUsed, nmt);
            clamped += resident.getOrDefault(OVER, 0L) > 0 ? 1 : 0;
            resident = without(resident, OVER);
            Long count = c.directCount.between(t);
            samples.add(new Sample(t, rssBytes, resident, committed, nmt, c.loaded.at(t), c.unloaded.at(t), c.threads.at(t),
                    null, count, count == null ? null : c.directUsed.between(t), codeKnown ? codeUsed : null,
                    codeKnown ? codeSize : null, firstFull != null && firstFull <= t ? Boolean.FALSE : null, null));
        }
        List<String> notes = new ArrayList<>();
        if (clamped > 0) {
            notes.add("in " + clamped + " of " + samples.size() + " samples the rows JFR measures add up to more than RSS"
                    + " (committed memory is not all resident): 'unexplained' is 0 there");
        }
        return new Built(withClassStats(samples, e.loaders), notes);
    }

    /** A key of {@link #resident}'s answer that is no row: by how much the rows exceeded RSS (then unexplained is 0). */
    private static final String OVER = "";

    /** The resident rows at {@code t}: what JFR measures, and the rest of RSS as unexplained. */
    private static Map<String, Long> resident(Cursors c, long t, long rssBytes, Long committedHeap, Long codeUsed,
                                              Map<String, Long> nmt) {
        Map<String, Long> resident = new HashMap<>();
        Long used = c.heapUsed.atOrFirst(t);
        long highWater = c.heapUsed.maxUpTo(t);
        put(resident, MemoryCategory.JAVA_HEAP, used == null ? null : Math.min(Math.max(highWater, used),
                committedHeap != null ? committedHeap : Long.MAX_VALUE));
        put(resident, MemoryCategory.METASPACE, c.metaspace.estimate(t));
        put(resident, MemoryCategory.CLASS_SPACE, c.classSpace.estimate(t));
        put(resident, MemoryCategory.CODE_CACHE, codeUsed);
        Long direct = c.directUsed.estimate(t);
        put(resident, MemoryCategory.DIRECT_BUFFERS, direct);
        nmtRows(nmt, direct, resident);
        long rest = rssBytes - resident.values().stream().mapToLong(Long::longValue).sum();
        resident.put(MemoryCategory.UNEXPLAINED.text(), Math.max(0, rest));
        resident.put(OVER, Math.max(0, -rest));
        return resident;
    }

    private static Map<String, Long> without(Map<String, Long> m, String key) {
        if (!m.containsKey(key)) {
            return m;
        }
        Map<String, Long> out = new HashMap<>(m);
        out.remove(key);
        return out;
    }

    /** A cursor over each series of the events, read forward sample by sample. */
    private static final class Cursors {
        final Cursor rss;
        final Cursor heapCommitted;
        final Cursor heapUsed;
        final Cursor metaspace;
        final Cursor classSpace;
        final Cursor threads;
        final Cursor loaded;
        final Cursor unloaded;
        final Cursor directCount;
        final Cursor directUsed;

        Cursors(JfrEvents e) {
            rss = new Cursor(e.rss);
            heapCommitted = new Cursor(e.heapCommitted);
            heapUsed = new Cursor(e.heapUsed);
            metaspace = new Cursor(e.metaspace);
            classSpace = new Cursor(e.classSpace);
            threads = new Cursor(e.threads);
            loaded = new Cursor(e.loadedClasses);
            unloaded = new Cursor(e.unloadedClasses);
            directCount = new Cursor(e.directCount);
            directUsed = new Cursor(e.directUsed);
        }
    }

    /**
     * The times to sample at: those of the most frequent series recorded, RSS first; of a long recording at most
     * {@value #MAX_SAMPLES}, evenly spaced, the last kept (an hour recorded every second: every 6 s, about as a watch
     * samples; the trends are fitted on at most 400 points anyway, and a recording is analysed at many checkpoints).
     */
    private static List<JfrEvents.Point> clock(JfrEvents e) {
        for (List<JfrEvents.Point> series : List.of(e.rss, e.threads, e.loadedClasses, e.directUsed, e.heapCommitted)) {
            if (!series.isEmpty()) {
                TreeMap<Long, JfrEvents.Point> byTime = new TreeMap<>();
                series.forEach(p -> byTime.put(p.t(), p));
                List<JfrEvents.Point> all = new ArrayList<>(byTime.values());
                int step = (all.size() + MAX_SAMPLES - 1) / MAX_SAMPLES;
                if (step <= 1) {
                    return all;
                }
                List<JfrEvents.Point> kept = new ArrayList<>();
                for (int i = (all.size() - 1) % step; i < all.size(); i += step) {
                    kept.add(all.get(i));
                }
                return kept;
            }
        }
        return List.of();
    }

    private static void put(Map<String, Long> m, MemoryCategory c, Long v) {
        if (v != null) {
            m.put(c.text(), v);
        }
    }

    /** The latest NMT batch at or before {@code t}, by category as NMT prints it (empty before the first). */
    private static Map<String, Long> nmt(TreeMap<Long, Map<String, Long>> batches, long t) {
        Map.Entry<Long, Map<String, Long>> b = batches.floorEntry(t);
        Map<String, Long> out = new HashMap<>();
        if (b != null) {
            b.getValue().forEach((name, bytes) -> {
                NmtTag tag = NmtTag.fromName(name);
                out.merge(tag == NmtTag.UNRECOGNIZED ? name : tag.text(), bytes, Long::sum);
            });
        }
        return out;
    }

    /**
     * The JVM's own malloc by NMT: Internal, Symbol, Compiler, GC card sets in rows of their own, Unsafe as NMT's
     * Other beyond the direct pool, the other malloc'ed categories as malloc-jvm. Mapped categories (heap, class
     * space, code, thread stacks, GC structures, CDS) are committed, not resident, and stay in unexplained.
     */
    private static void nmtRows(Map<String, Long> nmt, Long direct, Map<String, Long> resident) {
        if (nmt.isEmpty()) {
            return;
        }
        long jvm = 0;
        for (Map.Entry<String, Long> c : nmt.entrySet()) {
            NmtTag tag = NmtTag.fromName(c.getKey());
            MemoryCategory row = NMT_ROWS.get(tag);
            if (row != null) {
                resident.merge(row.text(), c.getValue(), Long::sum);
            } else if (!NOT_MALLOC.contains(tag)) {
                jvm += c.getValue();
            }
        }
        resident.put(MemoryCategory.MALLOC_JVM.text(), jvm);
        Long other = nmt.get(NmtTag.OTHER.text());
        if (other != null) {
            resident.put(MemoryCategory.UNSAFE.text(), Math.max(0, other - (direct == null ? 0 : direct)));
        }
    }

    /**
     * Class loaders by type from the first and last jdk.ClassLoaderStatistics batches (each chunk's start and end),
     * on the first and last samples, as {@code watch --histogram} reads them. JFR has no class histogram: duplicate
     * classes and NIO buffer caches stay unknown (empty, 0); reflection accessors are the classes of their loaders.
     */
    private static List<Sample> withClassStats(List<Sample> samples, List<JfrEvents.Loader> loaders) {
        if (samples.size() < 2 || loaders.isEmpty()) {
            return samples;
        }
        List<JfrEvents.Loader> sorted = new ArrayList<>(loaders);
        sorted.sort(Comparator.comparingLong(JfrEvents.Loader::t));
        List<List<JfrEvents.Loader>> batches = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (JfrEvents.Loader l : sorted) {
            if (batches.isEmpty() || l.t() - previous > LOADER_BATCH_GAP_MILLIS) {
                batches.add(new ArrayList<>());
            }
            batches.get(batches.size() - 1).add(l);
            previous = l.t();
        }
        if (batches.size() < 2) {
            return samples;
        }
        List<Sample> out = new ArrayList<>(samples);
        out.set(0, out.get(0).withClassStats(stats(batches.get(0))));
        out.set(out.size() - 1, out.get(out.size() - 1).withClassStats(stats(batches.get(batches.size() - 1))));
        return out;
    }

    private static ClassStats stats(List<JfrEvents.Loader> batch) {
        Map<String, Long> loaders = new HashMap<>();
        Map<String, Long> classes = new HashMap<>();
        Map<String, Long> hidden = new HashMap<>();
        long accessors = 0;
        for (JfrEvents.Loader l : batch) {
            loaders.merge(l.type(), 1L, Long::sum);
            classes.merge(l.type(), l.classes(), Long::sum);
            if (l.hiddenClasses() > 0) {
                hidden.merge(l.type(), l.hiddenClasses(), Long::sum);
            }
            accessors += l.type().endsWith(".DelegatingClassLoader") ? l.classes() : 0;
        }
        return new ClassStats(loaders, classes, Map.of(), accessors, 0, hidden, null);
    }

    /** A series sorted by time, read forward: the latest value at or before a time. */
    private static final class Cursor {
        private final List<JfrEvents.Point> points;
        private int next;
        private Long latest;
        private long max;

        Cursor(List<JfrEvents.Point> unsorted) {
            points = new ArrayList<>(unsorted);
            points.sort(Comparator.comparingLong(JfrEvents.Point::t));
        }

        /** The latest value at or before {@code t} (times asked never decrease), null before the first. */
        Long at(long t) {
            while (next < points.size() && points.get(next).t() <= t) {
                latest = points.get(next).value();
                max = Math.max(max, latest);
                next++;
            }
            return latest;
        }

        /** As {@link #at}, or the first value recorded when none was yet: an estimate for a resident row. */
        Long atOrFirst(long t) {
            Long v = at(t);
            return v != null || points.isEmpty() ? v : Long.valueOf(points.get(0).value());
        }

        /**
         * The value at {@code t} on the line between the recorded values around it, null outside the first and last
         * recorded: for a series recorded less often than the samples, so that the samples' rows move together
         * (NMT's Other every second minus a direct pool held for five would saw-tooth), and a series does not look
         * levelled off at the end only because it was not recorded there.
         */
        Long between(long t) {
            Long before = at(t);
            if (before == null || next >= points.size()) {
                return before == null || points.get(next - 1).t() < t ? null : before;
            }
            JfrEvents.Point a = points.get(next - 1);
            JfrEvents.Point b = points.get(next);
            return a.value() + Math.round((double) (b.value() - a.value()) * (t - a.t()) / (b.t() - a.t()));
        }

        /**
         * As {@link #between}, and before the first recorded value or after the last the line through the two nearest
         * ones, continued for at most their distance (then held), never below 0: a resident row's estimate. Held
         * instead, a direct pool recorded every 5 s while it grew made the rest of RSS seem to grow at both ends.
         */
        Long estimate(long t) {
            Long v = between(t);
            if (v != null || points.isEmpty()) {
                return v;
            }
            int n = points.size();
            boolean before = t < points.get(0).t();
            JfrEvents.Point near = before ? points.get(0) : points.get(n - 1);
            JfrEvents.Point next = n < 2 ? near : before ? points.get(1) : points.get(n - 2);
            long span = Math.abs(near.t() - next.t());
            if (span == 0) {
                return near.value();
            }
            long dt = Math.max(-span, Math.min(span, t - near.t()));
            double slope = (double) (near.value() - next.value()) / (near.t() - next.t());
            return Math.max(0, near.value() + Math.round(slope * dt));
        }

        /** The largest value at or before {@code t} (0 before the first). */
        long maxUpTo(long t) {
            at(t);
            return max;
        }
    }
}
