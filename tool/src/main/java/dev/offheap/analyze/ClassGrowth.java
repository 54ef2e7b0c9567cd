package dev.offheap.analyze;

import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.ClassCounters;
import dev.offheap.model.ClassNames;
import dev.offheap.model.ClassStats;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Which kind of class grows during a watch, told from what was read: the counters of every sample (loaded against
 * defined through ClassLoader.defineClass gives the hidden share; URL loaders' finds and jars opened; NMT's Class
 * mallocs per class), the class loader statistics of the first and last readings (loaders piling up by type, hidden
 * classes with a class loader data of their own), and the names' prefixes where they were read. Pure.
 */
public final class ClassGrowth {
    /** What is being defined. */
    public enum Kind {
        /** Loaders of one type pile up, each defining a few classes (the loader objects are the leak). */
        NEW_LOADERS,
        /** Reflection's DelegatingClassLoaders pile up (JDK 17 and older), one generated accessor each. */
        REFLECTION_ACCESSORS,
        /** Hidden classes with a class loader data each, in existing loaders: LambdaForms, weak framework classes. */
        HIDDEN_OWN_LOADER_DATA,
        /** Hidden classes defined strongly into their host's loader: lambdas of LambdaMetafactory. */
        HIDDEN_IN_HOST_LOADER,
        /** Hidden classes, without the evidence to say which kind. */
        HIDDEN,
        /** Named classes defined into loaders that existed already (application growth, generators into one loader). */
        NAMED_IN_EXISTING_LOADERS,
        /** Classes grow, and what was read cannot say which kind (no counters, no loader statistics). */
        NOT_TOLD
    }

    /** Fewer new classes than this over a watch make the counters' shares noise. */
    static final long MIN_CLASSES_TO_TELL = 50;
    /** A steady rise of loaded classes by at least this much over a watch is a leak when it has not levelled off. */
    public static final long MIN_CLASSES = 500;
    public static final long MIN_NEW_LOADERS = 10;
    /** Loaded minus defined over loaded from which the new classes count as hidden. */
    static final double HIDDEN_SHARE = 0.5;
    public static final Set<String> DELEGATING_LOADERS = Set.of("jdk.internal.reflect.DelegatingClassLoader",
            "sun.reflect.DelegatingClassLoader");
    private static final int TOP_NAMES = 5;
    private static final long MIN_NAMED = 10;

    /** A name prefix: classes with it at the last reading and how many were added since the first (null: one reading). */
    public record NamePrefix(String prefix, long classes, Long added) {
        /** "dev.acme.RuleEngine$$Lambda 2400 (+1600)". */
        public String text() {
            return prefix + " " + classes + (added == null ? "" : " (+" + added + ")");
        }
    }

    private final Growth g;
    private final Trend classes;
    private final Long loaded;
    private final Long defined;
    private final Long urlFound;
    private final Long jars;
    private final Trend nmtClasses;
    private final Trend nmtMallocs;
    private final ClassStats first;
    private final ClassStats last;
    private final Map.Entry<String, Long> piling;
    private final long delegatingAdded;
    private final Map.Entry<String, Long> hiddenRows;
    private final List<NamePrefix> names;
    private final Kind kind;
    private final String between;

    ClassGrowth(Growth g) {
        this.g = g;
        classes = g.classes();
        loaded = delta(g, Sample::loadedClasses, s -> s.classCounters() == null ? null : s.classCounters().definedClasses());
        defined = delta(g, counter(ClassCounters::definedClasses), Sample::loadedClasses);
        urlFound = delta(g, counter(ClassCounters::urlLoaderClasses), Sample::loadedClasses);
        jars = delta(g, counter(ClassCounters::jarsOpened), Sample::loadedClasses);
        // NMT's counts are noisy (a first reading far below the next, mallocs freed in bulk): slopes, not end points
        nmtClasses = g.series("nmtClasses", counter(ClassCounters::nmtClasses));
        nmtMallocs = g.series("nmtClassMallocs", counter(ClassCounters::nmtClassMallocs));
        last = g.lastClassStats().orElse(null);
        ClassStats f = g.firstClassStats().orElse(null);
        first = f == last ? null : f;
        piling = last == null ? null : pilingLoaderType(first, last).orElse(null);
        delegatingAdded = last == null ? 0 : DELEGATING_LOADERS.stream().mapToLong(t -> last.loaders(t)
                - (first == null ? 0 : first.loaders(t))).sum();
        hiddenRows = last == null ? null : mostAdded(last.hiddenByLoaderType(), first == null ? null : first.hiddenByLoaderType());
        names = names(first, last);
        kind = tell();
        between = between(g);
    }

    public Kind kind() {
        return kind;
    }

    public Trend classes() {
        return classes;
    }

    /**
     * How serious the growth is: a steady rise of {@link #MIN_CLASSES} loaded classes, or of class metadata by
     * {@link Growth#MIN_GROWTH_BYTES}, that has not levelled off; critical when MaxMetaspaceSize is near.
     */
    public Optional<Severity> severity() {
        Optional<Severity> byCount = g.severity(classes, MIN_CLASSES, OptionalLong.empty());
        Optional<Severity> bySize = g.severity(metadata(g), Growth.MIN_GROWTH_BYTES, g.limitFlag("MaxMetaspaceSize"));
        if (byCount.isEmpty()) {
            return bySize;
        }
        return bySize.isPresent() && bySize.get().compareTo(byCount.get()) > 0 ? bySize : byCount;
    }

    /** Metaspace + class space committed, where known. */
    public static Trend metadata(Growth g) {
        return g.series("metadata", s -> {
            Long m = s.committedBytes().get(MemoryCategory.METASPACE.text());
            Long c = s.committedBytes().get(MemoryCategory.CLASS_SPACE.text());
            return m == null && c == null ? null : (m == null ? 0 : m) + (c == null ? 0 : c);
        });
    }

    /** The loader type whose count rose most (at least {@link #MIN_NEW_LOADERS}), reflection's own left out. */
    public Optional<Map.Entry<String, Long>> pilingLoaders() {
        return Optional.ofNullable(piling);
    }

    /** Statistics of the last reading, if any. */
    public Optional<ClassStats> lastStats() {
        return Optional.ofNullable(last);
    }

    /** Loaders added between the two readings of the class loader statistics, empty with fewer. */
    public Optional<Long> loadersAdded() {
        return twoReadings() ? Optional.of(last.loaders() - first.loaders()) : Optional.empty();
    }

    /** "in the 7 s between the two readings": the span of the changes the statistics show (see {@link #twoReadings}). */
    public String between() {
        return between;
    }

    private static String between(Growth g) {
        Long a = null;
        long b = 0;
        for (Sample s : g.recording().samples()) {
            if (s.classStats() != null) {
                a = a == null ? s.takenAtMillis() : a;
                b = s.takenAtMillis();
            }
        }
        return a == null ? "" : "in the " + Sizes.duration((b - a) / 1000.0) + " between the two readings";
    }

    /** Whether two readings of the class loader statistics were taken (so what they added is known). */
    public boolean twoReadings() {
        return first != null && last != null;
    }

    /** The names that grew most (or the most frequent, with one reading); empty when the names were not read. */
    public List<NamePrefix> topNames() {
        return names;
    }

    /** New classes that were hidden (loaded minus defined over loaded), empty without enough counted classes. */
    public Optional<Double> hiddenShare() {
        if (loaded == null || defined == null || loaded < MIN_CLASSES_TO_TELL) {
            return Optional.empty();
        }
        return Optional.of(Math.max(0, Math.min(1, (loaded - defined) / (double) loaded)));
    }

    /**
     * NMT Class mallocs per new class, the ratio of their slopes: ~1 strongly bound, ~8 a class loader data each,
     * 20–30 a loader each (measured on JDK 17 and 25).
     */
    public Optional<Double> nmtMallocsPerClass() {
        if (nmtClasses.samples() < 4 || nmtMallocs.samples() < 4 || !nmtClasses.risingSteadily(Growth.STEADY)
                || nmtClasses.growth() < MIN_CLASSES_TO_TELL) {
            return Optional.empty();
        }
        return Optional.of(Math.max(0, nmtMallocs.slopePerSecond()) / nmtClasses.slopePerSecond());
    }

    /** URL loaders open their jar again for each class: each class comes from a new URLClassLoader. */
    public boolean jarPerClass() {
        return loaded != null && urlFound != null && jars != null && loaded >= MIN_CLASSES_TO_TELL
                && jars >= MIN_NEW_LOADERS && 2 * jars >= loaded && 2 * urlFound >= loaded;
    }

    /** The loader type whose (named and strongly bound hidden) classes rose most, and by how much. */
    public Optional<Map.Entry<String, Long>> mostClassesAdded() {
        return last == null ? Optional.empty()
                : Optional.ofNullable(mostAdded(last.classesByLoaderType(), first == null ? null : first.classesByLoaderType()));
    }

    /** The loader type whose hidden classes with their own class loader data rose most, and by how much. */
    public Optional<Map.Entry<String, Long>> hiddenRows() {
        return Optional.ofNullable(hiddenRows);
    }

    private Kind tell() {
        if (g.major() <= 17 && delegatingAdded >= MIN_NEW_LOADERS && (piling == null || delegatingAdded >= piling.getValue())) {
            return Kind.REFLECTION_ACCESSORS;
        }
        if (piling != null || last == null && jarPerClass()) {
            return Kind.NEW_LOADERS;
        }
        Optional<Double> hidden = hiddenShare();
        Optional<Double> mallocs = nmtMallocsPerClass();
        if (hidden.isPresent() && hidden.get() >= HIDDEN_SHARE) {
            return hiddenKind();
        }
        if (hidden.isPresent()) {
            if (last != null) {
                return Kind.NAMED_IN_EXISTING_LOADERS;
            }
            return mallocs.isPresent() && mallocs.get() >= 10 ? Kind.NEW_LOADERS : Kind.NOT_TOLD;
        }
        // no counters (a recording from before they were read, no hsperfdata): the statistics alone
        if (twoReadings() && hiddenRows != null && 2 * hiddenRows.getValue() >= Math.max(MIN_CLASSES_TO_TELL, classes.growth())) {
            return Kind.HIDDEN_OWN_LOADER_DATA;
        }
        return Kind.NOT_TOLD;
    }

    private Kind hiddenKind() {
        long hiddenAdded = loaded - defined;
        Optional<Kind> byName = names.isEmpty() ? Optional.empty() : kindOfName(names.get(0).prefix());
        if (byName.isPresent()) {
            return byName.get();
        }
        if (twoReadings()) {
            long rows = hiddenRows == null ? 0 : hiddenRows.getValue();
            return 2 * rows >= hiddenAdded ? Kind.HIDDEN_OWN_LOADER_DATA : Kind.HIDDEN_IN_HOST_LOADER;
        }
        Optional<Double> mallocs = nmtMallocsPerClass();
        if (mallocs.isPresent()) {
            return mallocs.get() >= 4 ? Kind.HIDDEN_OWN_LOADER_DATA : mallocs.get() <= 2 ? Kind.HIDDEN_IN_HOST_LOADER : Kind.HIDDEN;
        }
        return Kind.HIDDEN;
    }

    /** What a generated name says: "Host$$Lambda" a lambda (strong), "LambdaForm$MH" or a Species a LambdaForm. */
    public static Optional<Kind> kindOfName(String prefix) {
        if (prefix.contains("$$Lambda")) {
            return Optional.of(Kind.HIDDEN_IN_HOST_LOADER);
        }
        if (prefix.startsWith("java.lang.invoke.LambdaForm$") || prefix.startsWith("java.lang.invoke.BoundMethodHandle$Species_")) {
            return Optional.of(Kind.HIDDEN_OWN_LOADER_DATA);
        }
        return Optional.empty();
    }

    /** The lambdas' host class of a "com.acme.Host$$Lambda" prefix, null for other names. */
    public static String lambdaHost(String prefix) {
        int i = prefix.indexOf("$$Lambda");
        return i > 0 ? prefix.substring(0, i) : null;
    }

    /** The loader type whose count rose most between two readings (all of its loaders with one), if enough. */
    static Optional<Map.Entry<String, Long>> pilingLoaderType(ClassStats first, ClassStats last) {
        Map.Entry<String, Long> best = null;
        for (Map.Entry<String, Long> e : last.loadersByType().entrySet()) {
            if (DELEGATING_LOADERS.contains(e.getKey())) {
                continue;
            }
            long added = e.getValue() - (first == null ? 0 : first.loaders(e.getKey()));
            if (added >= MIN_NEW_LOADERS && (best == null || added > best.getValue())) {
                best = Map.entry(e.getKey(), added);
            }
        }
        return Optional.ofNullable(best);
    }

    /** Evidence line of the counters: "+2400 classes loaded, +3 of them through ClassLoader.defineClass: 100% hidden". */
    public List<String> counterEvidence() {
        List<String> lines = new ArrayList<>();
        Optional<Double> hidden = hiddenShare();
        if (hidden.isPresent()) {
            lines.add("+" + loaded + " classes loaded, +" + defined + " of them defined through ClassLoader.defineClass: "
                    + percent(hidden.get()) + " are hidden classes (hsperfdata java.cls.loadedClasses, sun.cls.defineAppClasses)");
        }
        if (jarPerClass()) {
            lines.add("+" + urlFound + " classes found by URLClassLoaders, +" + jars + " jar files opened: a new URLClassLoader"
                    + " opens its jars again (sun.classloader.findClasses, sun.zip.zipFiles)");
        }
        Optional<Double> mallocs = nmtMallocsPerClass();
        if (mallocs.isPresent()) {
            double m = mallocs.get();
            lines.add("NMT Class: " + String.format(Locale.ROOT, "%+.0f mallocs/s for %+.0f classes/s (%.1f per class: ",
                    nmtMallocs.slopePerSecond(), nmtClasses.slopePerSecond(), m) + (m >= 15 ? "a class loader data and loader each"
                    : m >= 4 ? "a class loader data each" : "no class loader data of their own") + ")");
        }
        return lines;
    }

    /** Evidence line of the names: "top names: dev.acme.RuleEngine$$Lambda 2400 (+1600), …", null when not read. */
    public String namesEvidence() {
        if (names.isEmpty()) {
            return null;
        }
        return "top names (VM.class_hierarchy, classes per name prefix" + (names.get(0).added() != null ? ", added "
                + between : "") + "): " + String.join(", ", names.stream().map(NamePrefix::text).toList());
    }

    /** "what was not read" line for findings that would name more with the safepoint sources. */
    public String notReadEvidence() {
        return "class loader statistics not read (watch reads VM.classloader_stats once classes grow, unless"
                + " --no-safepoint)";
    }

    private static List<NamePrefix> names(ClassStats first, ClassStats last) {
        if (last == null || last.names() == null) {
            return List.of();
        }
        ClassNames now = last.names();
        ClassNames before = first == null ? null : first.names();
        List<NamePrefix> all = new ArrayList<>();
        for (Map.Entry<String, Long> e : now.prefixes().entrySet()) {
            Long added = before == null ? null : e.getValue() - before.count(e.getKey());
            // with one reading, the most frequent names; small groups (a JDK class's few lambdas) are not evidence
            if (added == null ? e.getValue() >= MIN_NAMED : added > 0) {
                all.add(new NamePrefix(e.getKey(), e.getValue(), added));
            }
        }
        all.sort(Comparator.comparingLong((NamePrefix p) -> p.added() == null ? p.classes() : p.added()).reversed());
        return List.copyOf(all.subList(0, Math.min(TOP_NAMES, all.size())));
    }

    private static Map.Entry<String, Long> mostAdded(Map<String, Long> now, Map<String, Long> before) {
        Map.Entry<String, Long> best = null;
        for (Map.Entry<String, Long> e : now.entrySet()) {
            long added = e.getValue() - (before == null ? 0 : before.getOrDefault(e.getKey(), 0L));
            if (added > 0 && (best == null || added > best.getValue())) {
                best = Map.entry(e.getKey(), added);
            }
        }
        return best;
    }

    private static Function<Sample, Long> counter(Function<ClassCounters, Long> f) {
        return s -> s.classCounters() == null ? null : f.apply(s.classCounters());
    }

    /** {@code value} at the last sample minus at the first, over the samples where both series are known. */
    private static Long delta(Growth g, Function<Sample, Long> value, Function<Sample, Long> with) {
        Long a = null;
        Long b = null;
        for (Sample s : g.recording().samples()) {
            Long v = value.apply(s);
            if (v != null && with.apply(s) != null) {
                a = a == null ? v : a;
                b = v;
            }
        }
        return a == null ? null : b - a;
    }

    static String percent(double share) {
        return Math.round(100 * share) + "%";
    }
}
