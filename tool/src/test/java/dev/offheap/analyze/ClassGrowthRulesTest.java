package dev.offheap.analyze;

import static dev.offheap.analyze.Recordings.MIB;
import static dev.offheap.analyze.Recordings.map;
import static dev.offheap.analyze.Recordings.recording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.model.ClassCounters;
import dev.offheap.model.ClassNames;
import dev.offheap.model.ClassStats;
import dev.offheap.model.Finding;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The first finding names the kind of class that grows, from the counters of every sample and the class sources read
 * at two samples, with the figures measured on the zoo (per new class: 0 defined for hidden classes, ~1 NMT Class
 * malloc for a lambda, ~6 for a LambdaForm, 15–26 for a loader). CLASSLOADER_LEAK only when loaders pile up.
 */
class ClassGrowthRulesTest {
    private static final String APP = "jdk.internal.loader.ClassLoaders$AppClassLoader";
    private static final String BOOT = "<boot class loader>";

    /** 10 samples a second apart: {@code perSecond} classes loaded a second, {@code definedShare} of them by loaders. */
    private static List<Sample> samples(int perSecond, double definedShare, double mallocsPerClass, boolean urlLoaders,
                                        ClassStats first, ClassStats last) {
        return Recordings.samples(10, i -> {
            long loaded = 3000L + (long) perSecond * i;
            long defined = 100 + Math.round(definedShare * perSecond * i);
            long found = urlLoaders ? (long) perSecond * i : 0;
            ClassCounters c = new ClassCounters(defined, found, 2 + found, mallocsPerClass < 0 ? null : loaded - 600,
                    mallocsPerClass < 0 ? null : 1000 + Math.round(mallocsPerClass * perSecond * i));
            ClassStats stats = i == 2 ? first : i == 9 ? last : null;
            return new Sample(1_700_000_000_000L + i * 1000L, 300 * MIB, map(), map("metaspace", 10 * MIB + i * MIB / 2),
                    map(), loaded, 0L, 15L, 20L, null, null, null, null, null, stats, c);
        });
    }

    private static ClassStats stats(Map<String, Long> loaders, Map<String, Long> classes, Map<String, Long> hidden,
                                    Map<String, Long> names) {
        return new ClassStats(loaders, classes, Map.of(), 0, 0, hidden,
                names == null ? null : new ClassNames(5000, 1000, new LinkedHashMap<>(names)));
    }

    private static List<Finding> findings(String version, String nmt, List<Sample> s) {
        Recording r = recording(version, nmt, Map.of(), s);
        return RecordingAnalyzer.analyze(r).findings();
    }

    @Test
    void lambdasKeptInACacheAreHiddenClassGrowthNamedByTheirHostNotALoaderLeak() {
        ClassStats first = stats(map(APP, 1, BOOT, 1, "jdk.internal.loader.ClassLoaders$PlatformClassLoader", 1),
                map(APP, 500, BOOT, 700), map(BOOT, 300), map("com.acme.RuleEngine$$Lambda", 480));
        ClassStats last = stats(first.loadersByType(), map(APP, 1900, BOOT, 700), map(BOOT, 302),
                map("com.acme.RuleEngine$$Lambda", 1880, "java.lang.invoke.LambdaForm$MH", 40));
        List<Finding> f = findings("17.0.15+6", "summary", samples(200, 0, 1, false, first, last));
        assertThat(f).extracting(Finding::id).startsWith("HIDDEN_CLASS_GROWTH", "METASPACE_GROWTH").doesNotContain("CLASSLOADER_LEAK");
        Finding hidden = f.get(0);
        assertThat(hidden.title()).isEqualTo("Lambdas of com.acme.RuleEngine keep being generated");
        assertThat(hidden.culprit().className()).isEqualTo("com.acme.RuleEngine");
        assertThat(hidden.evidence()).contains(
                "+1800 classes loaded, +0 of them defined through ClassLoader.defineClass: 100% are hidden classes"
                        + " (hsperfdata java.cls.loadedClasses, sun.cls.defineAppClasses)",
                "NMT Class: +200 mallocs/s for +200 classes/s (1.0 per class: no class loader data of their own)",
                "top names (VM.class_hierarchy, classes per name prefix, added in the 7 s between the two readings): com.acme.RuleEngine$$Lambda 1880 (+1400),"
                        + " java.lang.invoke.LambdaForm$MH 40 (+40)",
                "3 class loaders (+0 in the 7 s between the two readings), VM.classloader_stats; hidden classes with a class loader data of their own:"
                        + " 302 in <boot class loader> (+2 in the 7 s between the two readings)");
        assertThat(hidden.remedy()).startsWith("Cache the functional object").contains("called from com.acme.RuleEngine");
    }

    @Test
    void methodHandleShapesAreHiddenClassGrowthWithAClassLoaderDataEachInTheBootLoader() {
        ClassStats first = stats(map(APP, 1, BOOT, 1), map(APP, 2, BOOT, 700), map(BOOT, 700), map("java.lang.invoke.LambdaForm$MH", 690));
        ClassStats last = stats(map(APP, 1, BOOT, 1), map(APP, 2, BOOT, 700), map(BOOT, 3150),
                map("java.lang.invoke.LambdaForm$MH", 3100));
        List<Finding> f = findings("25.0.3+9-LTS", "off", samples(350, 0, -1, false, first, last));
        assertThat(f).extracting(Finding::id).startsWith("HIDDEN_CLASS_GROWTH").doesNotContain("CLASSLOADER_LEAK");
        assertThat(f.get(0).title()).isEqualTo("Method handles keep generating LambdaForm classes");
        assertThat(f.get(0).evidence()).contains("2 class loaders (+0 in the 7 s between the two readings), VM.classloader_stats; hidden classes"
                + " with a class loader data of their own: 3150 in <boot class loader> (+2450 in the 7 s between the two readings)");
        assertThat(f.get(0).remedy()).startsWith("Bound the set of method-handle shapes");
    }

    @Test
    void withoutTheSafepointSourcesNmtsMallocsPerClassTellLambdasFromLambdaForms() {
        List<Finding> lambdas = findings("17.0.15+6", "detail", samples(200, 0, 0.9, false, null, null));
        assertThat(lambdas.get(0).id()).isEqualTo("HIDDEN_CLASS_GROWTH");
        assertThat(lambdas.get(0).title()).isEqualTo("Hidden classes keep being defined into an existing loader");
        assertThat(lambdas.get(0).evidence()).contains("class loader statistics not read (watch reads VM.classloader_stats"
                + " once classes grow, unless --no-safepoint)");
        List<Finding> forms = findings("17.0.15+6", "summary", samples(350, 0, 6.1, false, null, null));
        assertThat(forms.get(0).title()).isEqualTo("Hidden classes, each with its own class loader data, keep being defined");
        List<Finding> unknown = findings("17.0.15+6", "off", samples(200, 0, -1, false, null, null));
        assertThat(unknown.get(0).id()).isEqualTo("HIDDEN_CLASS_GROWTH");
        assertThat(unknown.get(0).title()).isEqualTo("Hidden classes keep being defined");
    }

    @Test
    void loadersPilingUpAreTheLoaderLeakNamedByTypeAndAProxyInEachSaysSo() {
        String type = "com.acme.ProxyPerCall$CallLoader";
        ClassStats first = stats(map(APP, 1, BOOT, 1, type, 400), map(APP, 20, BOOT, 700, type, 400), map(BOOT, 300), null);
        ClassStats last = stats(map(APP, 1, BOOT, 1, type, 1800), map(APP, 20, BOOT, 700, type, 1800), map(BOOT, 300),
                map("jdk.proxy*.$Proxy*", 1800));
        List<Finding> f = findings("17.0.15+6", "summary", samples(200, 1, 23, false, first, last));
        assertThat(f).extracting(Finding::id).startsWith("CLASSLOADER_LEAK", "METASPACE_GROWTH").doesNotContain("HIDDEN_CLASS_GROWTH");
        assertThat(f.get(0).title()).isEqualTo("Class loaders of type com.acme.ProxyPerCall$CallLoader pile up");
        assertThat(f.get(0).culprit().className()).isEqualTo(type);
        assertThat(f.get(0).evidence()).contains("1800 live loaders of type com.acme.ProxyPerCall$CallLoader (+1400 in the 7 s"
                        + " between the two readings, VM.classloader_stats), defining 1800 classes (1 each)",
                "NMT Class: +4600 mallocs/s for +200 classes/s (23.0 per class: a class loader data and loader each)");
        assertThat(f.get(0).summary()).contains("java.lang.reflect.Proxy");
        assertThat(f.get(1).evidence()).contains("what grows: new class loaders of type com.acme.ProxyPerCall$CallLoader (see CLASSLOADER_LEAK)");
    }

    @Test
    void aUrlLoaderPerCallIsTheLoaderLeakFromTheCountersAloneWhenNoSafepointOperationRan() {
        List<Finding> f = findings("25.0.3+9-LTS", "off", samples(200, 1, -1, true, null, null));
        assertThat(f.get(0).id()).isEqualTo("CLASSLOADER_LEAK");
        assertThat(f.get(0).culprit().className()).isEqualTo("java.net.URLClassLoader");
        assertThat(f.get(0).evidence()).contains("+1800 classes found by URLClassLoaders, +1800 jar files opened: a new"
                + " URLClassLoader opens its jars again (sun.classloader.findClasses, sun.zip.zipFiles)");
        assertThat(f.get(0).remedy()).contains("URLClassLoader.close");
    }

    @Test
    void namedClassesIntoALoaderThatExistedAreMetaspaceGrowthNotALoaderLeak() {
        ClassStats first = stats(map(APP, 1, BOOT, 1, "com.acme.Gen", 1), map(APP, 20, BOOT, 700, "com.acme.Gen", 100), map(), null);
        ClassStats last = stats(map(APP, 1, BOOT, 1, "com.acme.Gen", 1), map(APP, 20, BOOT, 700, "com.acme.Gen", 800), map(),
                map("com.acme.Gen*", 800));
        List<Finding> f = findings("25.0.3+9-LTS", "off", samples(100, 1, -1, false, first, last));
        assertThat(f).extracting(Finding::id).startsWith("METASPACE_GROWTH").doesNotContain("CLASSLOADER_LEAK", "HIDDEN_CLASS_GROWTH");
        assertThat(f.get(0).evidence()).contains("what grows: named classes defined into loaders that already existed (no"
                + " loader piles up, few hidden classes): com.acme.Gen +700 classes in the 7 s between the two readings");
    }

    @Test
    void withoutCountersOrStatisticsTheGrowthIsMetaspaceGrowthThatSaysWhatWasNotRead() {
        // a recording of an offheap before the class counters: loaded classes only
        List<Sample> s = Recordings.samples(10, i -> Recordings.sample(i, 300 * MIB, map(), map(), map(), null, 15L,
                3000L + 200L * i, null));
        List<Finding> f = findings("17.0.15+6", "off", s);
        assertThat(f).extracting(Finding::id).containsExactly("METASPACE_GROWTH");
        assertThat(f.get(0).evidence()).contains("what grows: not told: class loader statistics not read (watch reads"
                + " VM.classloader_stats once classes grow, unless --no-safepoint)");
    }

    @Test
    void growthIsSeenAfterTwoRisingIntervalsAndNamesAreReadForHiddenClasses() {
        List<Sample> lambdas = samples(200, 0, -1, false, null, null);
        assertThat(ClassGrowthSignals.seen(lambdas.subList(0, 2))).isFalse();
        assertThat(ClassGrowthSignals.seen(lambdas.subList(0, 3))).isTrue();
        assertThat(ClassGrowthSignals.mostlyHidden(lambdas.subList(0, 3))).isTrue();
        assertThat(ClassGrowthSignals.mostlyHidden(samples(200, 1, -1, false, null, null).subList(0, 3))).isFalse();
        List<Sample> slow = samples(10, 0, -1, false, null, null);
        assertThat(ClassGrowthSignals.seen(slow.subList(0, 3))).as("10 classes a second for 2 s: 20").isFalse();
        assertThat(ClassGrowthSignals.seen(slow)).as("10 classes a second for 9 s: 90").isTrue();
    }
}
