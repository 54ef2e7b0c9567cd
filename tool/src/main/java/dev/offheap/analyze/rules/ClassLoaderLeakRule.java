package dev.offheap.analyze.rules;

import dev.offheap.analyze.ClassGrowth;
import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.model.ClassStats;
import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CLASSLOADER_LEAK: classes keep being loaded and class loaders pile up: loaders of one type rise in
 * VM.classloader_stats, or (without it) each class comes from a new URLClassLoader that opens its jar again, or NMT's
 * Class line gains a loader's worth of mallocs per class. Only then: hidden classes and classes defined into
 * existing loaders are other findings. Reflection's own DelegatingClassLoaders are left to REFLECTION_ACCESSOR_LOADERS.
 */
public final class ClassLoaderLeakRule implements GrowthRule {
    private static final String URL_LOADER = "java.net.URLClassLoader";

    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.METASPACE, MemoryCategory.CLASS_SPACE);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        ClassGrowth c = g.classGrowth();
        Optional<Severity> severity = c.severity();
        if (severity.isEmpty() || c.kind() != ClassGrowth.Kind.NEW_LOADERS) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("loaded classes (minus unloaded) " + Growth.describeCount(c.classes()));
        String culprit = null;
        if (c.pilingLoaders().isPresent()) {
            Map.Entry<String, Long> piling = c.pilingLoaders().get();
            culprit = piling.getKey();
            ClassStats last = c.lastStats().get();
            long loaders = last.loaders(culprit);
            long defined = last.classesByLoaderType().getOrDefault(culprit, 0L);
            evidence.add(loaders + " live loaders of type " + culprit + " (+" + piling.getValue()
                    + (c.twoReadings() ? " " + c.between() : "") + ", VM.classloader_stats), defining " + defined + " classes"
                    + (loaders > 0 ? " (" + Math.round(defined / (double) loaders) + " each)" : ""));
        } else if (c.jarPerClass()) {
            culprit = URL_LOADER;
        }
        evidence.addAll(c.counterEvidence());
        String names = c.namesEvidence();
        if (names != null) {
            evidence.add(names);
        }
        if (c.lastStats().isEmpty()) {
            evidence.add(c.notReadEvidence() + ": the loader type is not known");
        }
        Long unloaded = g.last().unloadedClasses();
        if (unloaded != null) {
            evidence.add(unloaded + " classes unloaded in all");
        }
        boolean proxies = c.topNames().stream().anyMatch(n -> n.prefix().contains("$Proxy"));
        boolean url = c.jarPerClass() || URL_LOADER.equals(culprit);
        String type = culprit != null ? culprit : "the piling loader type";
        return Optional.of(new Finding(FindingId.CLASSLOADER_LEAK, severity.get(),
                culprit != null ? "Class loaders of type " + culprit + " pile up" : "Class loaders pile up",
                "A class (and its metadata) can only be unloaded with its class loader, and a loader only when nothing"
                        + " references it or any of its classes or objects. Loaders that keep being created and stay"
                        + " reachable (a thread, a static cache, a ThreadLocal, a JDBC driver registration) leak all their"
                        + " classes." + (proxies ? " Here each loader defines a java.lang.reflect.Proxy class: a proxy asked"
                        + " for in a new loader is a new class every time." : "")
                        + (url ? " Each new URLClassLoader also opens its jars again and keeps them open until closed." : ""),
                evidence,
                "Create one loader and reuse it" + (proxies ? " (and the proxy class it defines: Proxy.getProxyClass once per"
                        + " interface set)" : "") + (url ? "; close each URLClassLoader when its classes are no longer needed"
                        + " (URLClassLoader.close)" : "") + ", or clear the references when done. To see what keeps the loaders"
                        + " reachable: 'offheap heap --dump " + g.recording().pid() + "' counts the loaders by type, and the"
                        + " paths to GC roots of " + type + " instances in that dump (e.g. in Eclipse MAT) show what holds them."
                        + (g.major() >= 9 ? "" : " On JDK 8 with CMS also set -XX:+CMSClassUnloadingEnabled."),
                culprit != null ? Culprit.ofClass(culprit) : null));
    }
}
