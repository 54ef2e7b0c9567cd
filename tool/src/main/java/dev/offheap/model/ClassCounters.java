package dev.offheap.model;

import java.util.OptionalLong;

/**
 * The class-loading counters read without a pause besides loaded and unloaded classes: three hsperfdata counters
 * and, when NMT is on, its Class line. Each is null where it was not read (NMT off, an older recording).
 *
 * @param definedClasses    {@code sun.cls.defineAppClasses}: classes defined through {@code ClassLoader.defineClass}
 *                          (named classes of Java loaders, proxies and JDK 17's reflection accessors included); hidden
 *                          classes (lambdas, LambdaForms) are not counted, so loaded minus defined is how many were hidden
 * @param urlLoaderClasses  {@code sun.classloader.findClasses}: classes a {@code URLClassLoader} found in its jars
 * @param jarsOpened        {@code sun.zip.zipFiles}: zip and jar files opened (a new URLClassLoader opens its jar again)
 * @param nmtClasses        NMT Class "(classes #N)": every loaded class, hidden ones included
 * @param nmtClassMallocs   NMT Class "(malloc=…KB #N)": grows with class loader data (a new loader, or a hidden class
 *                          that is not strongly bound), hardly with classes defined into an existing one
 */
public record ClassCounters(Long definedClasses, Long urlLoaderClasses, Long jarsOpened, Long nmtClasses,
                            Long nmtClassMallocs) {
    public static final String DEFINED = "sun.cls.defineAppClasses";
    public static final String URL_LOADER_CLASSES = "sun.classloader.findClasses";
    public static final String JARS_OPENED = "sun.zip.zipFiles";

    /** The counters of one moment; null when neither source has any of them. */
    public static ClassCounters of(PerfCounters counters, NmtReport nmt) {
        Long defined = counters == null ? null : value(counters.number(DEFINED));
        Long found = counters == null ? null : value(counters.number(URL_LOADER_CLASSES));
        Long jars = counters == null ? null : value(counters.number(JARS_OPENED));
        NmtCategory cls = nmt == null || nmt.unavailable() ? null : nmt.category(NmtTag.CLASS).orElse(null);
        Long nmtClasses = cls == null || cls.classes() == null || cls.classes().classes() == null ? null
                : cls.classes().classes().count();
        Long mallocs = cls == null || cls.malloc() == null || cls.malloc().count() == null ? null : cls.malloc().count().count();
        if (defined == null && found == null && jars == null && nmtClasses == null && mallocs == null) {
            return null;
        }
        return new ClassCounters(defined, found, jars, nmtClasses, mallocs);
    }

    private static Long value(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }
}
