package dev.offheap.analyze.heap;

import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.Severity;
import dev.offheap.model.heap.BufferHolder;
import dev.offheap.model.heap.ClassLoaderType;
import dev.offheap.model.heap.DirectBufferSummary;
import dev.offheap.model.heap.DuplicateClass;
import dev.offheap.model.heap.HeapSummary;
import dev.offheap.model.heap.ZipCounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The heap-dump rules: each looks at one view and explains an off-heap cause with its numbers and its fix. */
public final class HeapRules {
    static final long MIB = 1024 * 1024;
    static final String BUFFER_CACHE = "sun.nio.ch.Util$BufferCache";

    private HeapRules() {
    }

    public static List<Finding> findings(HeapSummary s) {
        List<Finding> out = new ArrayList<>();
        disableExplicitGc(s.directBuffers(), s.partial(), out);
        nioTempBufferCache(s.directBuffers(), out);
        classLoaderLeak(s.classLoaders(), out);
        reflectionLoaders(s, out);
        duplicateClasses(s.duplicateClasses(), out);
        memberNames(s.memberNames(), out);
        zipStreams(s.zip(), out);
        out.sort(Comparator.comparing(Finding::severity).reversed());
        return out;
    }

    static void disableExplicitGc(DirectBufferSummary b, boolean partial, List<Finding> out) {
        if (b.unreachableCapacityBytes() == null) {
            return;
        }
        long waiting = b.unreachableCapacityBytes();
        if (waiting < MIB || (waiting < 64 * MIB && waiting * 4 < b.owningCapacityBytes())) {
            return;
        }
        Severity sev = waiting >= 1024 * MIB ? Severity.CRITICAL : Severity.WARNING;
        out.add(new Finding(FindingId.DISABLE_EXPLICIT_GC, sev, "Unreachable direct buffers hold " + size(waiting) + " of native memory",
                "These buffers are garbage but not collected yet: their native memory is freed only when a GC finds them. "
                        + "When direct memory runs short the JDK calls System.gc(), which -XX:+DisableExplicitGC turns into a no-op, "
                        + "so the memory waits for the next old-generation collection.",
                evidence(b, waiting, partial),
                "Remove -XX:+DisableExplicitGC, or use -XX:+ExplicitGCInvokesConcurrent (G1) so System.gc() starts a concurrent cycle; "
                        + "bound direct memory with -XX:MaxDirectMemorySize; reuse buffers instead of allocating one per request.",
                Culprit.ofClass("java.nio.DirectByteBuffer")));
    }

    private static List<String> evidence(DirectBufferSummary b, long waiting, boolean partial) {
        List<String> e = new ArrayList<>(List.of(b.unreachableOwning() + " of " + b.owning()
                + " owning direct buffers are unreachable", size(waiting) + " of " + size(b.owningCapacityBytes())
                + " direct-buffer capacity waits for a GC"));
        if (partial) {
            e.add("the dump is partial: what referenced some of these buffers may be in the part that is missing,"
                    + " so some may in fact be reachable");
        }
        return e;
    }

    static void nioTempBufferCache(DirectBufferSummary b, List<Finding> out) {
        Map<String, Long> byThread = new LinkedHashMap<>();
        long total = 0, buffers = 0;
        for (BufferHolder h : b.holders()) {
            if (h.path() != null && h.path().contains(BUFFER_CACHE)) {
                byThread.merge(h.thread() == null ? "?" : h.thread(), h.capacityBytes(), Long::sum);
                total += h.capacityBytes();
                buffers += h.buffers();
            }
        }
        if (total < MIB) {
            return;
        }
        Map.Entry<String, Long> top = byThread.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        List<String> evidence = new ArrayList<>();
        evidence.add(buffers + " temporary direct buffers of " + size(total) + " cached by " + byThread.size() + " thread(s)");
        byThread.forEach((t, bytes) -> evidence.add("thread \"" + t + "\": " + size(bytes)));
        Severity sev = total >= 64 * MIB || top.getValue() >= 16 * MIB ? Severity.WARNING : Severity.INFO;
        out.add(new Finding(FindingId.NIO_TEMP_BUFFER_CACHE, sev, "NIO temporary buffer caches hold " + size(total),
                "NIO copies heap ByteBuffers through a temporary direct buffer of the same size and caches it per thread "
                        + "(sun.nio.ch.Util$BufferCache); a thread that once wrote a large heap buffer keeps that much native memory.",
                evidence.subList(0, Math.min(6, evidence.size())),
                "Set -Djdk.nio.maxCachedBufferSize=262144 (JDK 9+, 8u102+) so large temporary buffers are freed after use; "
                        + "write large data from direct buffers or in smaller chunks.",
                new Culprit(null, null, BUFFER_CACHE, top.getKey().equals("?") ? null : top.getKey())));
    }

    static void classLoaderLeak(List<ClassLoaderType> types, List<Finding> out) {
        for (ClassLoaderType t : types) {
            boolean jdk = t.type().startsWith("<") || t.type().endsWith(".reflect.DelegatingClassLoader")
                    || t.type().startsWith("jdk.internal.loader.");
            if (jdk || (t.loaders() < 100 && t.generatedClasses() < 10_000)) {
                continue;
            }
            out.add(new Finding(FindingId.CLASSLOADER_LEAK, Severity.WARNING, t.loaders() + " class loaders of type " + t.type(),
                    "Each class loader keeps its classes' metadata in Metaspace until the loader itself is unreachable; many "
                            + "loaders of one type, or loaders full of generated classes, usually mean loaders are created per "
                            + "request or redeploy and never released.",
                    List.of(t.loaders() + " loaders of " + t.type() + " define " + t.classes() + " classes",
                            t.generatedClasses() + " of those classes look generated (proxies, lambdas, scripts)"),
                    "Find what keeps the old loaders reachable (a thread, a static cache, a ThreadLocal) and release it; "
                            + "cache generated classes or compiled scripts instead of generating them again; bound with -XX:MaxMetaspaceSize.",
                    Culprit.ofClass(t.type())));
        }
    }

    static void reflectionLoaders(HeapSummary s, List<Finding> out) {
        long loaders = s.reflection().delegatingClassLoaders();
        if (loaders < 100) {
            return;
        }
        out.add(new Finding(FindingId.REFLECTION_ACCESSOR_LOADERS, loaders >= 1000 ? Severity.WARNING : Severity.INFO,
                loaders + " reflection accessor class loaders",
                "Before JDK 18 a Method or Constructor called more than sun.reflect.inflationThreshold (15) times gets a generated "
                        + "accessor class, each in its own DelegatingClassLoader, in Metaspace.",
                List.of(loaders + " DelegatingClassLoader objects", s.reflection().generatedMethodAccessors()
                        + " GeneratedMethodAccessor classes"),
                "Upgrade to JDK 18+ (reflection through method handles), or cache Method objects instead of looking them up per call; "
                        + "-Dsun.reflect.inflationThreshold=2147483647 keeps the native accessor (slower, no classes).",
                Culprit.ofClass("jdk.internal.reflect.DelegatingClassLoader")));
    }

    static void duplicateClasses(List<DuplicateClass> dups, List<Finding> out) {
        if (dups.isEmpty() || dups.get(0).loaders() < 3) {
            return;
        }
        DuplicateClass top = dups.get(0);
        List<String> evidence = new ArrayList<>();
        evidence.add(dups.size() + " class names are defined by more than one loader");
        dups.stream().limit(5).forEach(d -> evidence.add(d.name() + " defined by " + d.loaders() + " loaders"));
        out.add(new Finding(FindingId.DUPLICATE_CLASSES, top.loaders() >= 10 ? Severity.WARNING : Severity.INFO,
                top.name() + " is defined by " + top.loaders() + " class loaders",
                "The same class loaded by many loaders takes Metaspace once per loader; growing counts mean loaders "
                        + "(plugins, redeploys, per-tenant contexts) are created again and again.",
                evidence, "Share the library through a common parent loader, and make sure old loaders become unreachable.",
                Culprit.ofClass(top.name())));
    }

    static void memberNames(long memberNames, List<Finding> out) {
        if (memberNames < 100_000) {
            return;
        }
        out.add(new Finding(FindingId.METHODHANDLE_MEMBERNAME_LEAK, Severity.WARNING, memberNames + " java.lang.invoke.MemberName objects",
                "JDK 8 before 8u152 keeps every MemberName created for MethodHandles in a per-class table that is never "
                        + "trimmed (JDK-8174749): heap and native memory grow with each reflective MethodHandle lookup.",
                List.of(memberNames + " MemberName instances in the heap"),
                "Upgrade to JDK 8u152 or later; cache MethodHandles instead of looking them up repeatedly.",
                Culprit.ofClass("java.lang.invoke.MemberName")));
    }

    static void zipStreams(ZipCounts z, List<Finding> out) {
        long open = z.inflatersNotEnded() + z.deflatersNotEnded();
        if (open < 100) {
            return;
        }
        out.add(new Finding(FindingId.ZIP_STREAMS_NOT_ENDED, open >= 1000 ? Severity.WARNING : Severity.INFO,
                open + " Inflater/Deflater objects not ended",
                "Each Inflater or Deflater holds a zlib stream in native memory (tens to hundreds of KiB) until end() is called "
                        + "or its cleaner runs after a GC; code that does not call end() (or close() on GZIP streams) leaks until then.",
                List.of(z.inflatersNotEnded() + " of " + z.inflaters() + " Inflaters not ended",
                        z.deflatersNotEnded() + " of " + z.deflaters() + " Deflaters not ended"),
                "Call end() in a finally block (or use try-with-resources on GZIPInputStream/GZIPOutputStream and the like).",
                Culprit.ofClass(z.deflatersNotEnded() >= z.inflatersNotEnded() ? "java.util.zip.Deflater" : "java.util.zip.Inflater")));
    }

    static String size(long bytes) {
        if (bytes >= MIB) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
        }
        return String.format(Locale.ROOT, "%d KiB", bytes / 1024);
    }
}
