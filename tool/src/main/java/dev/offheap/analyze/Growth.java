package dev.offheap.analyze;

import dev.offheap.analyze.trend.TheilSen;
import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.ClassStats;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.JvmVersion;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtTag;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * What growth rules look at: the recording and the trend of any of its series, computed once. Also the shared
 * judgement of when a rise is a leak (steady, large enough) and how urgent it is (time to its limit).
 */
public final class Growth {
    /** Less than this over a watch is noise for a byte series. */
    public static final long MIN_GROWTH_BYTES = 8L << 20;
    /** Share of rising sample pairs from which a rise counts as steady. */
    public static final double STEADY = 0.75;
    /** A limit reached sooner than this makes a growth critical. */
    public static final double CRITICAL_SECONDS = 15 * 60;
    /** Less compiled code than this over a watch is not the JIT still warming up. */
    public static final long JIT_GROWTH_BYTES = 4L << 20;
    /** Classes loaded over a watch from which the JVM is loading classes (a warm-up, or a class leak). */
    public static final long CLASSES_LOADING = 200;
    /** A JVM younger than this loads the classes of its start (an application's first minutes). */
    public static final long FIRST_LOADING_SECONDS = 300;

    private final Recording recording;
    private final long[] times;
    private final Map<String, Trend> trends = new HashMap<>();
    private ClassGrowth classGrowth;
    private JvmFlags flags;

    public Growth(Recording recording) {
        this.recording = recording;
        List<Sample> samples = recording.samples();
        times = new long[samples.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = samples.get(i).takenAtMillis();
        }
    }

    public Recording recording() {
        return recording;
    }

    public JvmVersion version() {
        return recording.version();
    }

    public int major() {
        return recording.version() == null ? 0 : recording.version().major();
    }

    public JvmFlags flags() {
        if (flags == null) {
            flags = recording.jvmFlags(); // built once: the rules ask for flags many times, a JVM has ~700 of them
        }
        return flags;
    }

    public boolean enough() {
        return times.length >= 4;
    }

    public Sample first() {
        return recording.samples().get(0);
    }

    public Sample last() {
        return recording.samples().get(recording.samples().size() - 1);
    }

    /** The trend of any series of the samples, by a name that identifies it. */
    public Trend series(String name, Function<Sample, Long> value) {
        return trends.computeIfAbsent(name, n -> {
            Long[] v = new Long[times.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = value.apply(recording.samples().get(i));
            }
            return TheilSen.fit(times, v);
        });
    }

    public Trend resident(MemoryCategory c) {
        return series("resident:" + c.text(), s -> s.residentBytes().get(c.text()));
    }

    public Trend committed(MemoryCategory c) {
        return series("committed:" + c.text(), s -> s.committedBytes().get(c.text()));
    }

    public Trend nmt(NmtTag tag) {
        return series("nmt:" + tag.text(), s -> s.nmt(tag));
    }

    /**
     * Resident memory in the rows where malloc'ed memory that no NMT category or buffer pool claims ends up
     * (malloc-untracked, malloc-arenas, malloc-free-retained, unexplained): with NMT off, all malloc'ed memory.
     */
    public Trend unclaimedMalloc() {
        return series("unclaimedMalloc", s -> s.resident(MemoryCategory.MALLOC_UNTRACKED) + s.resident(MemoryCategory.MALLOC_ARENAS)
                + s.resident(MemoryCategory.MALLOC_FREE_RETAINED) + s.resident(MemoryCategory.UNEXPLAINED));
    }

    /** Whether the target ran with NMT off (or its level is unknown). */
    public boolean nmtOff() {
        return recording.nmtMode() == null || "off".equals(recording.nmtMode());
    }

    public Trend rss() {
        return series("rss", Sample::rssBytes);
    }

    public Trend directBytes() {
        return series("directBytes", Sample::directBytes);
    }

    public Trend directCount() {
        return series("directCount", Sample::directCount);
    }

    public Trend liveThreads() {
        return series("liveThreads", s -> s.liveThreads() != null ? s.liveThreads() : s.osThreads());
    }

    /** Classes loaded and not unloaded. */
    public Trend classes() {
        return series("classes", s -> s.loadedClasses() == null ? null
                : s.loadedClasses() - (s.unloadedClasses() == null ? 0 : s.unloadedClasses()));
    }

    /** Which kind of class grows (computed once). */
    public ClassGrowth classGrowth() {
        if (classGrowth == null) {
            classGrowth = new ClassGrowth(this);
        }
        return classGrowth;
    }

    public Trend codeCacheUsed() {
        return series("codeCacheUsed", Sample::codeCacheUsedBytes);
    }

    /**
     * The code cache's used bytes while the JIT is still compiling: a steady rise of at least
     * {@link #JIT_GROWTH_BYTES} that has not levelled off by the end of the watch. Empty when the JIT is idle,
     * disabled or not known.
     */
    public Optional<Trend> jitCompiling() {
        if (!known(Sample::codeCacheUsedBytes) || Boolean.FALSE.equals(last().compilationEnabled())) {
            return Optional.empty();
        }
        Trend used = codeCacheUsed();
        return severity(used, JIT_GROWTH_BYTES, OptionalLong.empty()).map(s -> used);
    }

    /**
     * Whether the JVM is still warming up over the watch: the JIT compiling ({@link #jitCompiling()}) or classes
     * being loaded (at least {@value #CLASSES_LOADING} more). A warm-up grows memory as a leak does, then levels off.
     */
    public boolean jvmWarmingUp() {
        return jitCompiling().isPresent() || classesLoading();
    }

    /**
     * Classes being loaded ({@link #classesLoading()}) by a JVM in its first {@value #FIRST_LOADING_SECONDS} s at the
     * end of the watch: how a JVM starts, whatever it becomes later. False when the JVM's start is not known.
     */
    public boolean classesFirstLoaded() {
        Long started = recording.jvmStartedAtMillis();
        return started != null && times.length > 0 && classesLoading()
                && times[times.length - 1] - started < FIRST_LOADING_SECONDS * 1000;
    }

    /** At least {@value #CLASSES_LOADING} more classes loaded (minus unloaded) over the watch. */
    public boolean classesLoading() {
        Trend classes = classes();
        return classes.samples() >= 2 && classes.growth() >= CLASSES_LOADING;
    }

    /** Whether any sample has a value for the series. */
    public boolean known(Function<Sample, Object> value) {
        return recording.samples().stream().anyMatch(s -> value.apply(s) != null);
    }

    /** Class statistics of the first and last samples that have them (--histogram), empty when none or one. */
    public Optional<ClassStats> firstClassStats() {
        return recording.samples().stream().map(Sample::classStats).filter(c -> c != null).findFirst();
    }

    public Optional<ClassStats> lastClassStats() {
        ClassStats last = null;
        for (Sample s : recording.samples()) {
            last = s.classStats() != null ? s.classStats() : last;
        }
        return Optional.ofNullable(last);
    }

    /**
     * How serious a rise is: empty when it is not a steady rise of at least {@code minGrowth}, or when it has
     * levelled off by the end of the watch (a warm-up, not a leak: {@link Trend#levelledOff()}); critical when the
     * limit is reached within {@link #CRITICAL_SECONDS}, else warning.
     */
    public Optional<Severity> severity(Trend t, double minGrowth, OptionalLong limit) {
        if (!enough() || !t.risingSteadily(STEADY) || t.growth() < minGrowth || t.levelledOff()) {
            return Optional.empty();
        }
        double seconds = limit.isPresent() ? t.secondsTo(limit.getAsLong()) : Double.NaN;
        return Optional.of(!Double.isNaN(seconds) && seconds < CRITICAL_SECONDS ? Severity.CRITICAL : Severity.WARNING);
    }

    /** "from 64.0 MiB to 112 MiB in 10 s (+4.8 MiB/s; rising in 97% of sample pairs)". */
    public static String describeBytes(Trend t) {
        return "from " + Sizes.format(Math.round(t.first())) + " to " + Sizes.format(Math.round(t.last())) + " in "
                + Sizes.duration(t.spanSeconds()) + " (" + Sizes.signed(Math.round(t.slopePerSecond())) + "/s; rising in "
                + Math.round(100 * t.steadiness()) + "% of sample pairs)";
    }

    /** "from 1200 to 4800 in 10 s (+360/s; rising in 100% of sample pairs)". */
    public static String describeCount(Trend t) {
        return "from " + Math.round(t.first()) + " to " + Math.round(t.last()) + " in " + Sizes.duration(t.spanSeconds())
                + " (+" + String.format(Locale.ROOT, "%.1f", t.slopePerSecond()) + "/s; rising in "
                + Math.round(100 * t.steadiness()) + "% of sample pairs)";
    }

    /** "at this rate MaxDirectMemorySize (256 MiB) is reached in 31 s", or null when not rising towards it. */
    public static String timeTo(Trend t, OptionalLong limit, String limitName) {
        if (limit.isEmpty() || limit.getAsLong() == Long.MAX_VALUE) {
            return null;
        }
        double s = t.secondsTo(limit.getAsLong());
        if (Double.isNaN(s)) {
            return null;
        }
        return s == 0 ? limitName + " (" + Sizes.format(limit.getAsLong()) + ") is reached"
                : "at this rate " + limitName + " (" + Sizes.format(limit.getAsLong()) + ") is reached in " + Sizes.duration(s);
    }

    /**
     * Warm-up, not a leak: the resident part of a category rises while what the JVM committed for it stays flat
     * (pages touched for the first time, e.g. a heap filling up after start).
     */
    public boolean warmingUp(MemoryCategory c) {
        Trend committed = committed(c);
        Trend resident = resident(c);
        return committed.samples() >= 2 && Math.abs(committed.growth()) < Math.max(1 << 20, resident.growth() / 4)
                && resident.lastObserved() <= committed.lastObserved() * 1.02;
    }

    /** The limit of direct memory: MaxDirectMemorySize, or the heap maximum when it is 0 (not set). */
    public OptionalLong directLimit() {
        return directLimit(flags());
    }

    /** The limit of direct memory of a JVM with these flags (see {@link #directLimit()}). */
    public static OptionalLong directLimit(JvmFlags flags) {
        OptionalLong max = flags.longValue("MaxDirectMemorySize");
        if (max.isPresent() && max.getAsLong() > 0) {
            return max;
        }
        return flags.longValue("MaxHeapSize");
    }

    /** A flag that is a size limit, empty when unset or "unlimited". */
    public OptionalLong limitFlag(String name) {
        return limitFlag(flags(), name);
    }

    /** A flag of these flags that is a size limit, empty when unset or "unlimited". */
    public static OptionalLong limitFlag(JvmFlags flags, String name) {
        OptionalLong v = flags.longValue(name);
        return v.isPresent() && v.getAsLong() > 0 && v.getAsLong() < Long.MAX_VALUE / 2 ? v : OptionalLong.empty();
    }
}
