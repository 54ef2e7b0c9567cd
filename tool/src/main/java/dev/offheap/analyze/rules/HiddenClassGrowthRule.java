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
 * HIDDEN_CLASS_GROWTH: classes keep being loaded and most are hidden classes (loaded, not defined through
 * ClassLoader.defineClass), defined into loaders that already exist: lambdas spun by LambdaMetafactory (strongly bound
 * into their host's loader) or method handles' LambdaForms (a class loader data each, in the boot loader). No loader
 * piles up, so the fix is a cache of the generated object, not fewer loaders.
 */
public final class HiddenClassGrowthRule implements GrowthRule {

    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.METASPACE, MemoryCategory.CLASS_SPACE);
    }
    @Override
    public Optional<Finding> evaluate(Growth g) {
        ClassGrowth c = g.classGrowth();
        ClassGrowth.Kind kind = c.kind();
        Optional<Severity> severity = c.severity();
        if (severity.isEmpty() || kind != ClassGrowth.Kind.HIDDEN_IN_HOST_LOADER && kind != ClassGrowth.Kind.HIDDEN_OWN_LOADER_DATA
                && kind != ClassGrowth.Kind.HIDDEN) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("loaded classes (minus unloaded) " + Growth.describeCount(c.classes()));
        evidence.addAll(c.counterEvidence());
        String names = c.namesEvidence();
        if (names != null) {
            evidence.add(names);
        }
        loaderEvidence(c).ifPresent(evidence::add);
        String top = c.topNames().isEmpty() ? null : c.topNames().get(0).prefix();
        String host = top == null ? null : ClassGrowth.lambdaHost(top);
        return Optional.of(switch (kind) {
            case HIDDEN_IN_HOST_LOADER -> new Finding(FindingId.HIDDEN_CLASS_GROWTH, severity.get(),
                    host != null ? "Lambdas of " + host + " keep being generated" : "Hidden classes keep being defined into an existing loader",
                    "Each LambdaMetafactory call spins a new hidden class (a lambda or method reference linked anew: a call site"
                            + " created per rule, script or expression instead of once per place in the code). Lambdas are"
                            + " defined strongly into their host class's loader, with no class loader data of their own, so"
                            + " no loader piles up: they live as long as that loader, and a cache that keeps the functional"
                            + " objects keeps their classes in metaspace.",
                    evidence,
                    "Cache the functional object (or the compiled rule) per distinct shape and reuse it, instead of calling"
                            + " LambdaMetafactory (or creating a call site) for each instance; where the cache is keyed by data"
                            + " (rule texts, user input), bound it and let evicted entries go."
                            + (host != null ? " The metafactory is called from " + host + "." : "")
                            + (names == null ? " 'offheap watch' names the host class once it reads VM.class_hierarchy"
                            + " (not with --no-safepoint)." : ""),
                    host != null ? Culprit.ofClass(host) : null);
            case HIDDEN_OWN_LOADER_DATA -> new Finding(FindingId.HIDDEN_CLASS_GROWTH, severity.get(),
                    top != null && ClassGrowth.kindOfName(top).orElse(null) == ClassGrowth.Kind.HIDDEN_OWN_LOADER_DATA
                            ? "Method handles keep generating LambdaForm classes"
                            : "Hidden classes, each with its own class loader data, keep being defined",
                    "Method handles that are bound, adapted or combined into ever new signatures (insertArguments, bindTo,"
                            + " asType, filterArguments, dropArguments, …) make the JDK spin LambdaForm classes: hidden classes"
                            + " in the boot loader, each with a class loader data of its own. No class loader object piles up;"
                            + " they are unloaded only once nothing references the method handles, so handles kept per call or"
                            + " per new signature keep them all. Frameworks that define hidden classes without STRONG look the"
                            + " same.",
                    evidence,
                    "Bound the set of method-handle shapes: build each adapted or bound handle once per call site (a static"
                            + " final field, or a cache keyed by the signature) instead of per call, and do not derive new"
                            + " signatures from data." + (g.major() == 8 ? " On JDK 8 before 8u152 method handles also leak"
                            + " MemberNames in native memory (JDK-8152271): upgrade." : ""),
                    top != null ? Culprit.ofClass(top) : null);
            default -> new Finding(FindingId.HIDDEN_CLASS_GROWTH, severity.get(), FindingId.HIDDEN_CLASS_GROWTH.title(),
                    "Most new classes are hidden classes (lambdas, method handles' LambdaForms, or a framework's"
                            + " Lookup.defineHiddenClass): they are defined into loaders that already exist, so no loader piles"
                            + " up; whatever keeps the generated objects keeps their classes in metaspace.",
                    evidence,
                    "Find the generator by the names: 'jcmd " + g.recording().pid() + " VM.class_hierarchy' (a safepoint"
                            + " operation) lists them; then cache the generated object (the functional object, the adapted"
                            + " method handle, the generated class) instead of generating it again.",
                    null);
        });
    }

    /** What the loader statistics say: no loader piles up, where the hidden classes went. */
    private static Optional<String> loaderEvidence(ClassGrowth c) {
        if (c.lastStats().isEmpty()) {
            return Optional.of(c.notReadEvidence());
        }
        ClassStats last = c.lastStats().get();
        String loaders = last.loaders() + " class loaders" + c.loadersAdded().map(n -> " (" + (n >= 0 ? "+" : "") + n
                + " " + c.between() + ")").orElse("");
        Optional<Map.Entry<String, Long>> rows = c.hiddenRows();
        if (rows.isPresent()) {
            return Optional.of(loaders + ", VM.classloader_stats; hidden classes with a class loader data of their own: "
                    + last.hidden(rows.get().getKey()) + " in " + rows.get().getKey() + (c.twoReadings() ? " (+"
                    + rows.get().getValue() + " " + c.between() + ")" : ""));
        }
        String into = c.mostClassesAdded().filter(e -> c.twoReadings())
                .map(e -> " (" + e.getKey() + ": +" + e.getValue() + " classes " + c.between() + ")").orElse("");
        return Optional.of(loaders + ", VM.classloader_stats; no hidden class with a class loader data of its own: they are"
                + " strongly bound into their host's loader" + into);
    }
}
