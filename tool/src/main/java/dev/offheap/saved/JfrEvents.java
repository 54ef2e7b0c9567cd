package dev.offheap.saved;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedClassLoader;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedObject;

/**
 * What offheap keeps of a JDK Flight Recorder recording's events, in the order they were read (chunks are written
 * in parallel by threads, so not in time order): the values over time of the JVM's memory events and the facts of
 * its configuration events. Each event is copied out at once, so the reader may reuse its event objects.
 */
final class JfrEvents {
    /** A value at a time (epoch ms). */
    record Point(long t, long value) {
    }

    /** One class loader of a jdk.ClassLoaderStatistics batch (all loaders, at the start and end of each chunk). */
    record Loader(long t, String type, long classes, long hiddenClasses) {
    }

    // the classes whose objects own native memory, as they show in the object samples (prefixes)
    static final Map<String, String> NATIVE_OWNERS = Map.of(
            "java.util.zip.Deflater", "zlib state, freed by end()",
            "java.util.zip.Inflater", "zlib state, freed by end()",
            "java.nio.DirectByteBuffer", "direct buffer memory",
            "com.github.luben.zstd.", "zstd native contexts",
            "org.rocksdb.", "RocksDB native objects",
            "com.sun.jna.Memory", "JNA native memory");

    /** 2000-01-01 and 9999-12-31T23:59:59.999Z in epoch ms, as for a watch recording's samples. */
    private static final long EARLIEST_MILLIS = 946_684_800_000L;
    private static final long LATEST_MILLIS = 253_402_300_799_999L;

    final List<Point> rss = new ArrayList<>();
    final List<Point> heapCommitted = new ArrayList<>();
    final List<Point> heapUsed = new ArrayList<>();
    final List<Point> metaspace = new ArrayList<>();
    final List<Point> classSpace = new ArrayList<>();
    final List<Point> threads = new ArrayList<>();
    final List<Point> loadedClasses = new ArrayList<>();
    final List<Point> unloadedClasses = new ArrayList<>();
    final List<Point> directCount = new ArrayList<>();
    final List<Point> directUsed = new ArrayList<>();
    final List<Point> containerUsage = new ArrayList<>();
    /** Time → code heap name → {used, size}: one batch of jdk.CodeCacheStatistics per time. */
    final TreeMap<Long, Map<String, long[]>> codeCache = new TreeMap<>();
    final List<Long> codeCacheFull = new ArrayList<>();
    /** Time → NMT category as printed → committed bytes (jdk.NativeMemoryUsage, JDK 20+ with NMT on). */
    final TreeMap<Long, Map<String, Long>> nmt = new TreeMap<>();
    final List<Loader> loaders = new ArrayList<>();
    final Map<String, Integer> oldObjects = new HashMap<>();

    final Map<String, String> flags = new LinkedHashMap<>();
    final Set<String> libraries = new LinkedHashSet<>();
    /** The JVM's arguments as jdk.JVMInformation records them: one string, split at blanks (its quoting is lost). */
    final List<String> jvmArguments = new ArrayList<>();
    long pid;
    String jvmName;
    String jvmVersion;
    Long jvmStartMillis;
    String vendor;
    Long heapInitialBytes;
    Long containerLimitBytes;
    long events;
    long firstMillis = Long.MAX_VALUE;
    long lastMillis = Long.MIN_VALUE;

    /** The handler of each event type offheap reads, by name: the types a reader subscribes to. */
    Map<String, Consumer<RecordedEvent>> handlers() {
        Map<String, Consumer<RecordedEvent>> h = new LinkedHashMap<>();
        h.put("jdk.ResidentSetSize", e -> point(rss, e, e.getLong("size")));
        h.put("jdk.GCHeapSummary", e -> {
            point(heapCommitted, e, e.getLong("heapSpace.committedSize"));
            point(heapUsed, e, e.getLong("heapUsed"));
        });
        h.put("jdk.GCHeapMemoryUsage", e -> {
            point(heapCommitted, e, e.getLong("committed"));
            point(heapUsed, e, e.getLong("used"));
        });
        h.put("jdk.MetaspaceSummary", e -> {
            point(metaspace, e, e.getLong("dataSpace.committed"));
            point(classSpace, e, e.getLong("classSpace.committed"));
        });
        h.put("jdk.JavaThreadStatistics", e -> point(threads, e, e.getLong("activeCount")));
        h.put("jdk.ClassLoadingStatistics", e -> {
            point(loadedClasses, e, e.getLong("loadedClassCount"));
            point(unloadedClasses, e, e.getLong("unloadedClassCount"));
        });
        h.put("jdk.DirectBufferStatistics", e -> {
            point(directCount, e, e.getLong("count"));
            point(directUsed, e, e.getLong("memoryUsed"));
        });
        h.put("jdk.CodeCacheStatistics", e -> {
            long size = e.getLong("reservedTopAddress") - e.getLong("startAddress");
            codeCache.computeIfAbsent(time(e), t -> new LinkedHashMap<>()).put(String.valueOf(e.getString("codeBlobType")),
                    new long[] {size - e.getLong("unallocatedCapacity"), size});
        });
        h.put("jdk.CodeCacheFull", e -> codeCacheFull.add(time(e)));
        h.put("jdk.NativeMemoryUsage", e -> nmt.computeIfAbsent(time(e), t -> new LinkedHashMap<>())
                .put(String.valueOf(e.getString("type")), e.getLong("committed")));
        h.put("jdk.ContainerMemoryUsage", e -> point(containerUsage, e, e.getLong("memoryUsage")));
        h.put("jdk.ClassLoaderStatistics", this::loader);
        h.put("jdk.OldObjectSample", e -> {
            RecordedObject o = e.getValue("object");
            owner(oldObjects, o == null ? null : o.getClass("type"));
        });
        // not jdk.ObjectAllocationSample: what was allocated says nothing of what is held, and at up to 150 events a
        // second it was the most costly type to read (an hour: 48,000 of the 62,000 events read, ~60 ms)
        h.put("jdk.JVMInformation", this::jvm);
        h.put("jdk.InitialSystemProperty", this::property);
        h.put("jdk.GCHeapConfiguration", e -> heapInitialBytes = e.getLong("initialSize"));
        h.put("jdk.ContainerConfiguration", e -> {
            long limit = e.getLong("memoryLimit");
            containerLimitBytes = limit > 0 && limit < Long.MAX_VALUE ? limit : null;
        });
        // the same as the flags DisableExplicitGC and ExplicitGCInvokesConcurrent, where flag events were not recorded
        h.put("jdk.GCConfiguration", e -> {
            flags.putIfAbsent("DisableExplicitGC", String.valueOf(e.getBoolean("isExplicitGCDisabled")));
            flags.putIfAbsent("ExplicitGCInvokesConcurrent", String.valueOf(e.getBoolean("isExplicitGCConcurrent")));
        });
        h.put("jdk.NativeLibrary", e -> {
            if (e.getString("name") != null) {
                libraries.add(e.getString("name"));
            }
        });
        for (String type : List.of("jdk.IntFlag", "jdk.LongFlag", "jdk.DoubleFlag", "jdk.BooleanFlag")) {
            h.put(type, e -> flag(e.getString("name"), String.valueOf((Object) e.getValue("value"))));
        }
        for (String type : List.of("jdk.UnsignedIntFlag", "jdk.UnsignedLongFlag")) {
            // HotSpot's "unlimited" is the largest unsigned value (MaxMetaspaceSize): printed as VM.flags prints it
            h.put(type, e -> flag(e.getString("name"), Long.toUnsignedString(e.getLong("value"))));
        }
        // string flags may hold commands and paths with secrets (OnOutOfMemoryError): only NMT's level is kept
        h.put("jdk.StringFlag", e -> {
            if ("NativeMemoryTracking".equals(e.getString("name"))) {
                flag("NativeMemoryTracking", e.getString("value"));
            }
        });
        Map<String, Consumer<RecordedEvent>> counted = new LinkedHashMap<>();
        h.forEach((name, handler) -> counted.put(name, e -> {
            events++;
            time(e);
            handler.accept(e);
        }));
        return counted;
    }

    private void flag(String name, String value) {
        if (name != null && value != null) {
            flags.put(name, value);
        }
    }

    private void point(List<Point> series, RecordedEvent e, long value) {
        series.add(new Point(time(e), value));
    }

    /** The event's start in epoch ms; a time outside the years 2000 to 9999 (a corrupt file) skips the event. */
    private long time(RecordedEvent e) {
        long t = e.getStartTime().toEpochMilli();
        if (t < EARLIEST_MILLIS || t > LATEST_MILLIS) {
            throw new IllegalArgumentException("start time " + e.getStartTime() + " is not between the years 2000 and 9999");
        }
        firstMillis = Math.min(firstMillis, t); // every event read counts, for where a cut recording was read up to
        lastMillis = Math.max(lastMillis, t);
        return t;
    }

    private void loader(RecordedEvent e) {
        RecordedClassLoader l = e.getValue("classLoader");
        RecordedClass type = l == null ? null : l.getType();
        long t = time(e);
        if (type != null && type.getName() != null) {
            // hiddenClassCount: hidden classes with a class loader data of their own, as VM.classloader_stats' "+ hidden
            // classes" rows (the same HotSpot closure counts both)
            loaders.add(new Loader(t, type.getName(), e.getLong("classCount"), e.getLong("hiddenClassCount")));
        }
    }

    private static void owner(Map<String, Integer> counts, RecordedClass c) {
        if (c != null && c.getName() != null && nativeOwner(c.getName()) != null) {
            counts.merge(c.getName(), 1, Integer::sum);
        }
    }

    /** What an object of {@code className} owns outside the heap, null when it is not a known owner. */
    static String nativeOwner(String className) {
        for (Map.Entry<String, String> e : NATIVE_OWNERS.entrySet()) {
            if (className.equals(e.getKey()) || className.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    // jdk.JVMInformation: jvmVersion "OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1) for linux-amd64 JRE
    // (17.0.15+6-Debian-1deb12u1), built on ..."; jvmArguments "-Xmx128m -Dx=y ..." (one string, quoting lost)
    private void jvm(RecordedEvent e) {
        time(e);
        pid = e.getLong("pid");
        jvmName = e.getString("jvmName");
        jvmVersion = e.getString("jvmVersion");
        long started = e.getInstant("jvmStartTime").toEpochMilli();
        jvmStartMillis = started >= EARLIEST_MILLIS && started <= LATEST_MILLIS ? started : null;
        String args = e.getString("jvmArguments");
        jvmArguments.clear();
        if (args != null && !args.isBlank()) {
            jvmArguments.addAll(List.of(args.trim().split("\\s+")));
        }
    }

    private void property(RecordedEvent e) {
        String key = e.getString("key");
        if ("java.vendor".equals(key) || "java.vm.vendor".equals(key) && vendor == null) {
            vendor = e.getString("value");
        }
    }
}
