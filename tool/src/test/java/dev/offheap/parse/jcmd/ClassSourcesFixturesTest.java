package dev.offheap.parse.jcmd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.analyze.ClassGrowth;
import dev.offheap.analyze.Growth;
import dev.offheap.model.ClassCounters;
import dev.offheap.model.ClassNames;
import dev.offheap.model.ClassStats;
import dev.offheap.model.JvmVersion;
import dev.offheap.model.PerfCounters;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import dev.offheap.parse.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The class sources of the class-growth zoo as captured on JDK 17 and 25 (fixtures/SOURCES.md, "Class and metaspace
 * sources"): VM.classloader_stats with its hidden-class rows, VM.class_hierarchy reduced to name prefixes, and the
 * kind of class growth the counters of a 5 s window and one reading of both give.
 */
class ClassSourcesFixturesTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("jdk17-rules", ClassGrowth.Kind.HIDDEN_IN_HOST_LOADER, "dev.offheap.zoo.RuleEngine$$Lambda"),
                Arguments.of("jdk25-rules", ClassGrowth.Kind.HIDDEN_IN_HOST_LOADER, "dev.offheap.zoo.RuleEngine$$Lambda"),
                Arguments.of("jdk17-methodhandles", ClassGrowth.Kind.HIDDEN_OWN_LOADER_DATA, "java.lang.invoke.LambdaForm$MH"),
                Arguments.of("jdk25-methodhandles", ClassGrowth.Kind.HIDDEN_OWN_LOADER_DATA, "java.lang.invoke.LambdaForm$MH"),
                Arguments.of("jdk17-proxies", ClassGrowth.Kind.NEW_LOADERS, "dev.offheap.zoo.ProxyPerCall$CallLoader"),
                Arguments.of("jdk25-proxies", ClassGrowth.Kind.NEW_LOADERS, "dev.offheap.zoo.ProxyPerCall$CallLoader"),
                Arguments.of("jdk17-reflection", ClassGrowth.Kind.REFLECTION_ACCESSORS, "jdk.internal.reflect.DelegatingClassLoader"),
                Arguments.of("jdk25-reflection", ClassGrowth.Kind.NAMED_IN_EXISTING_LOADERS, "dev.offheap.zoo.Gen*"),
                Arguments.of("jdk17-plugins", ClassGrowth.Kind.NEW_LOADERS, "java.net.URLClassLoader"),
                Arguments.of("jdk25-plugins", ClassGrowth.Kind.NEW_LOADERS, "java.net.URLClassLoader"),
                Arguments.of("jdk17-loaders", ClassGrowth.Kind.NEW_LOADERS, "dev.offheap.zoo.GeneratedClasses$GeneratingLoader"),
                Arguments.of("jdk25-loaders", ClassGrowth.Kind.NEW_LOADERS, "dev.offheap.zoo.GeneratedClasses$GeneratingLoader"));
    }

    @ParameterizedTest(name = "{0}: {1}, named by {2}")
    @MethodSource("cases")
    void theCountersOfAWindowAndOneReadingTellTheKindAndNameIt(String tag, ClassGrowth.Kind kind, String named) {
        ClassGrowth c = growth(tag);
        assertThat(c.kind()).as(tag).isEqualTo(kind);
        switch (kind) {
            case NEW_LOADERS -> assertThat(c.pilingLoaders()).as(tag).hasValueSatisfying(e -> assertThat(e.getKey()).isEqualTo(named));
            case REFLECTION_ACCESSORS -> assertThat(c.lastStats().get().loaders(named)).as(tag).isGreaterThanOrEqualTo(50);
            default -> assertThat(c.topNames()).as(tag).isNotEmpty().first().satisfies(n -> assertThat(n.prefix()).isEqualTo(named));
        }
    }

    @Test
    void aQuietWindowGrowsNothing() {
        for (String tag : List.of("jdk17-quiet", "jdk25-quiet")) {
            ClassGrowth c = growth(tag);
            assertThat(c.severity()).as(tag).isEmpty();
            assertThat(c.hiddenShare()).as(tag).isEmpty();
        }
    }

    @Test
    void loaderStatsFoldWeakHiddenClassesIntoTheirLoaderAndCountEachLoaderRow() {
        // "0x0000000000000000  0x0000000000000000  0x00007f5854100460     739    557056     67849  <boot class loader>"
        // "                                                               289    110976     71363   + hidden classes"
        ClassStats mh = ClassStatsParser.parse(Fixtures.text("classloaderstats/jdk17-methodhandles.txt"), null);
        assertThat(mh.hidden("<boot class loader>")).isEqualTo(289);
        assertThat(mh.classesByLoaderType()).containsEntry("<boot class loader>", 739L);
        assertThat(mh.loaders()).isEqualTo(3);
        // lambdas are strongly bound: no hidden row of their own, the app loader's classes hold them
        ClassStats rules = ClassStatsParser.parse(Fixtures.text("classloaderstats/jdk25-rules.txt"), null);
        assertThat(rules.hidden("jdk.internal.loader.ClassLoaders$AppClassLoader")).isZero();
        assertThat(rules.classesByLoaderType()).containsEntry("jdk.internal.loader.ClassLoaders$AppClassLoader", 82L);
        // every ProxyPerCall$CallLoader row is one loader, although all print the same klass in the first column
        ClassStats proxies = ClassStatsParser.parse(Fixtures.text("classloaderstats/jdk17-proxies.txt"), null);
        assertThat(proxies.loaders("dev.offheap.zoo.ProxyPerCall$CallLoader")).isGreaterThan(50)
                .isEqualTo(proxies.classesByLoaderType().get("dev.offheap.zoo.ProxyPerCall$CallLoader"));
    }

    @Test
    void classHierarchyNamesGroupGeneratedClassesByWhatTheirNamesShare() {
        ClassNames rules17 = ClassHierarchyParser.parse(Fixtures.text("classhierarchy/jdk17-rules.txt"));
        ClassNames rules25 = ClassHierarchyParser.parse(Fixtures.text("classhierarchy/jdk25-rules.txt"));
        // JDK 17 numbers each lambda ("RuleEngine$$Lambda$47/0x…"), JDK 25 does not ("RuleEngine$$Lambda/0x…"): one
        // prefix; the trimmed files hold 27 and 26 of them (grep -c 'RuleEngine\$\$Lambda')
        assertThat(rules17.count("dev.offheap.zoo.RuleEngine$$Lambda")).isEqualTo(27);
        assertThat(rules25.count("dev.offheap.zoo.RuleEngine$$Lambda")).isEqualTo(26);
        assertThat(rules17.hiddenClasses()).isGreaterThanOrEqualTo(27);
        assertThat(rules17.classes()).isEqualTo(41); // every line but jcmd's "PID:" line
        ClassNames proxies = ClassHierarchyParser.parse(Fixtures.text("classhierarchy/jdk17-proxies.txt"));
        assertThat(proxies.prefixes()).containsKey("jdk.proxy*.$Proxy*");
        ClassNames reflection = ClassHierarchyParser.parse(Fixtures.text("classhierarchy/jdk17-reflection.txt"));
        assertThat(reflection.prefixes()).containsKeys("jdk.internal.reflect.GeneratedMethodAccessor*", "dev.offheap.zoo.Gen*");
        assertThat(ClassHierarchyParser.prefix("java.lang.invoke.LambdaForm$MH")).isEqualTo("java.lang.invoke.LambdaForm$MH");
        assertThat(ClassHierarchyParser.prefix("com.acme.Rules$1")).isEqualTo("com.acme.Rules$1");
    }

    /** A recording of two samples, the counters 5 s apart, and one reading of the class sources at the second. */
    private static ClassGrowth growth(String tag) {
        PerfCounters a = PerfCounterParser.parse(Fixtures.text("perfcounters/" + tag + "-a.txt"), "a").value();
        PerfCounters b = PerfCounterParser.parse(Fixtures.text("perfcounters/" + tag + "-b.txt"), "b").value();
        ClassStats stats = ClassStatsParser.parse(Fixtures.text("classloaderstats/" + tag + ".txt"), null)
                .withNames(ClassHierarchyParser.parse(Fixtures.text("classhierarchy/" + tag + ".txt")));
        String version = b.text("java.property.java.vm.version");
        Recording r = new Recording(1, JvmVersion.parse(version), Map.of(), List.of(), "off", null, null, List.of(),
                List.of(sample(0, a, null), sample(5000, b, stats)), List.of(), List.of());
        return new Growth(r).classGrowth();
    }

    private static Sample sample(long t, PerfCounters c, ClassStats stats) {
        long loaded = c.number("java.cls.loadedClasses").getAsLong() + c.number("java.cls.sharedLoadedClasses").getAsLong();
        return new Sample(1_700_000_000_000L + t, 100L << 20, Map.of(), Map.of(), Map.of(), loaded,
                c.number("java.cls.unloadedClasses").getAsLong(), 10L, 20L, null, null, null, null, null, stats,
                ClassCounters.of(c, null));
    }
}
