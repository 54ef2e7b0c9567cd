package dev.offheap.analyze.heap;

import dev.offheap.model.heap.BufferHolder;
import dev.offheap.model.heap.ClassLoaderFact;
import dev.offheap.model.heap.ClassLoaderType;
import dev.offheap.model.heap.DirectBufferFact;
import dev.offheap.model.heap.DirectBufferSummary;
import dev.offheap.model.heap.DuplicateClass;
import dev.offheap.model.heap.HeapDumpFacts;
import dev.offheap.model.heap.HeapSummary;
import dev.offheap.model.heap.LoadedClass;
import dev.offheap.model.heap.MappedBufferSummary;
import dev.offheap.model.heap.MappedFile;
import dev.offheap.model.heap.ReflectionSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Computes the off-heap views of a heap dump from its facts: buffers, mapped files, loaders, duplicates. */
public final class HeapViews {
    public static final String BOOTSTRAP = "<bootstrap>";
    static final int TOP_HOLDERS = 10;
    // "jdk.internal.reflect.GeneratedMethodAccessor12", "com.sun.proxy.$Proxy7", "Foo$$Lambda$14/0x…",
    // "java.lang.invoke.LambdaForm$MH+0x…", "Foo$$EnhancerByCGLIB$$1a2b", "Script12" (Groovy), Nashorn scripts
    static final Pattern GENERATED = Pattern.compile(".*Generated(Method|Constructor|SerializationConstructor)Accessor\\d+"
            + "|.*\\$Proxy\\d+|.*\\$\\$Lambda.*|java\\.lang\\.invoke\\.LambdaForm\\$.*"
            + "|.*\\$\\$(EnhancerBy|FastClassBy|SpringCGLIB)\\w*\\$\\$.*|.*\\$ByteBuddy\\$.*|.*\\$HibernateProxy\\$.*"
            + "|(.*\\.)?Script\\d+|jdk\\.nashorn\\.internal\\.scripts\\..*|org\\.codehaus\\.groovy\\.runtime\\.callsite\\..*");
    /** How many times in a row a class stands on a holder path: " (x12)". */
    private static final Pattern REPEATS = Pattern.compile(" \\(x(\\d+)\\)");
    private static final Pattern METHOD_ACCESSOR = Pattern.compile("(jdk\\.internal|sun)\\.reflect\\.GeneratedMethodAccessor\\d+");

    private HeapViews() {
    }

    public static HeapSummary summarize(HeapDumpFacts f) {
        return new HeapSummary(f.source(), f.version(), f.idSize(), f.fileBytes(), f.partial(), f.reachabilityComputed(),
                directBuffers(f), mapped(f), reflection(f), loaderTypes(f), duplicates(f), f.memberNames(), f.zip(),
                f.nativeOwners());
    }

    static DirectBufferSummary directBuffers(HeapDumpFacts f) {
        long count = 0, owning = 0, views = 0, noCleaner = 0, owningBytes = 0, noCleanerBytes = 0;
        long reachable = 0, unreachable = 0, unreachableBytes = 0, jdkImageBytes = 0;
        Map<List<String>, HolderGroup> holders = new LinkedHashMap<>();
        for (DirectBufferFact b : f.buffers()) {
            if (b.mapped()) {
                continue;
            }
            count++;
            if (b.owning()) {
                owning++;
                owningBytes += b.capacityBytes();
            } else if (b.view()) {
                views++;
            } else {
                noCleaner++;
                noCleanerBytes += b.capacityBytes();
            }
            if (isJdkImage(b)) {
                jdkImageBytes += b.capacityBytes();
            } else if (Boolean.TRUE.equals(b.reachable())) {
                reachable += b.owning() ? 1 : 0;
                String thread = Objects.toString(b.thread(), "");
                holders.computeIfAbsent(List.of(REPEATS.matcher(b.holder()).replaceAll(" (x*)"), thread),
                        k -> new HolderGroup()).add(b.holder(), b.capacityBytes());
            } else if (Boolean.FALSE.equals(b.reachable()) && b.owning()) {
                unreachable++;
                unreachableBytes += b.capacityBytes();
            }
        }
        List<BufferHolder> top = new ArrayList<>();
        holders.forEach((k, v) -> top.add(new BufferHolder(v.path(), k.get(1).isEmpty() ? null : k.get(1), v.buffers, v.bytes)));
        top.sort(Comparator.comparingLong(BufferHolder::capacityBytes).reversed());
        boolean r = f.reachabilityComputed();
        return new DirectBufferSummary(count, owning, views, noCleaner, owningBytes, noCleanerBytes, r ? jdkImageBytes : null,
                r ? reachable : null,
                r ? unreachable : null, r ? unreachableBytes : null, top.subList(0, Math.min(TOP_HOLDERS, top.size())));
    }

    /**
     * Buffers whose paths differ only in how many times a class repeats (links of a chain, say: "Node (x8)",
     * "Node (x59)") form one group, shown with the range of each count ("Node (x8-59)").
     */
    private static final class HolderGroup {
        long buffers;
        long bytes;
        String first;
        int[] min;
        int[] max;

        void add(String path, long capacity) {
            buffers++;
            bytes += capacity;
            int[] counts = REPEATS.matcher(path).results().mapToInt(m -> Integer.parseInt(m.group(1))).toArray();
            if (first == null) {
                first = path;
                min = counts.clone();
                max = counts.clone();
            }
            for (int i = 0; i < counts.length && i < min.length; i++) {
                min[i] = Math.min(min[i], counts[i]);
                max[i] = Math.max(max[i], counts[i]);
            }
        }

        String path() {
            int[] i = {0};
            return REPEATS.matcher(first).replaceAll(m -> {
                int k = i[0]++;
                return min[k] == max[k] ? m.group() : " (x" + min[k] + "-" + max[k] + ")";
            });
        }
    }

    /**
     * The buffer over the JDK's runtime image (lib/modules): made by JNI (no cleaner) over a mapping of the file,
     * held by the image reader. 100 MiB and more in every JDK 9+ dump, it would head the holders otherwise.
     */
    private static boolean isJdkImage(DirectBufferFact b) {
        return !b.owning() && !b.view() && b.holder() != null && b.holder().contains(" -> jdk.internal.jimage.");
    }

    static MappedBufferSummary mapped(HeapDumpFacts f) {
        Map<String, long[]> files = new LinkedHashMap<>();
        long count = 0, bytes = 0;
        for (DirectBufferFact b : f.buffers()) {
            if (b.mapped()) {
                count++;
                bytes += b.capacityBytes();
                long[] v = files.computeIfAbsent(Objects.toString(b.file(), ""), k -> new long[2]);
                v[0]++;
                v[1] += b.capacityBytes();
            }
        }
        List<MappedFile> out = new ArrayList<>();
        files.forEach((k, v) -> out.add(new MappedFile(k.isEmpty() ? null : k, v[0], v[1])));
        out.sort(Comparator.comparingLong(MappedFile::capacityBytes).reversed());
        return new MappedBufferSummary(count, bytes, out);
    }

    static ReflectionSummary reflection(HeapDumpFacts f) {
        long loaders = f.loaders().stream().filter(l -> l.type().endsWith(".reflect.DelegatingClassLoader")).count();
        long accessors = f.classes().stream().filter(c -> METHOD_ACCESSOR.matcher(c.name()).matches()).count();
        return new ReflectionSummary(loaders, accessors);
    }

    static List<ClassLoaderType> loaderTypes(HeapDumpFacts f) {
        Map<Long, String> typeOf = new HashMap<>();
        for (ClassLoaderFact l : f.loaders()) {
            typeOf.put(l.id(), l.type());
        }
        Map<String, long[]> rows = new HashMap<>();
        Set<Long> counted = new HashSet<>();
        for (ClassLoaderFact l : f.loaders()) {
            rows.computeIfAbsent(l.type(), k -> new long[3])[0]++;
        }
        for (LoadedClass c : f.classes()) {
            if (c.name().endsWith("[]")) {
                continue;
            }
            String type = c.loaderId() == 0 ? BOOTSTRAP : typeOf.getOrDefault(c.loaderId(), "<unknown>");
            long[] row = rows.computeIfAbsent(type, k -> new long[3]);
            if (counted.add(c.loaderId()) && (c.loaderId() == 0 || !typeOf.containsKey(c.loaderId()))) {
                row[0]++;
            }
            row[1]++;
            row[2] += GENERATED.matcher(c.name()).matches() ? 1 : 0;
        }
        List<ClassLoaderType> out = new ArrayList<>();
        rows.forEach((type, v) -> out.add(new ClassLoaderType(type, v[0], v[1], v[2])));
        out.sort(Comparator.comparingLong(ClassLoaderType::classes).reversed().thenComparing(ClassLoaderType::type));
        return out;
    }

    static List<DuplicateClass> duplicates(HeapDumpFacts f) {
        Map<String, Set<Long>> loadersByName = new HashMap<>();
        for (LoadedClass c : f.classes()) {
            if (!c.name().endsWith("[]")) {
                loadersByName.computeIfAbsent(c.name(), k -> new HashSet<>()).add(c.loaderId());
            }
        }
        List<DuplicateClass> out = new ArrayList<>();
        loadersByName.forEach((name, loaders) -> {
            if (loaders.size() > 1) {
                out.add(new DuplicateClass(name, loaders.size()));
            }
        });
        out.sort(Comparator.comparingLong(DuplicateClass::loaders).reversed().thenComparing(DuplicateClass::name));
        return out;
    }
}
