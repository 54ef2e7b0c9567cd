package dev.offheap.saved;

import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a recording's notes say of a JFR recording: how the rows were made and which JFR could not give, what is
 * missing from this one, and what its object samples and container figures add.
 */
final class JfrNotes {
    private JfrNotes() {
    }

    static List<String> of(JfrEvents e, JfrChunks.Layout layout) {
        List<String> notes = new ArrayList<>();
        boolean nmt = !e.nmt.isEmpty();
        notes.add("read from a JDK Flight Recorder recording (" + layout.chunks().size() + " chunk"
                + (layout.chunks().size() == 1 ? "" : "s") + ", " + Sizes.format(layout.fileBytes()) + "), sampled at the"
                + " times of its " + (e.rss.isEmpty() ? "thread statistics" : "jdk.ResidentSetSize events") + "; JFR has no"
                + " memory map, so it cannot give the libraries, CDS, thread stacks, GC structures, glibc arenas and"
                + (nmt ? " malloc that NMT does not track" : " malloc'ed memory") + " one by one");
        if (e.rss.isEmpty()) {
            notes.add("RSS is not in this recording (jdk.ResidentSetSize is recorded from JDK 21 on): growth outside"
                    + " the heap, metaspace, code cache and direct buffers (JNI or java.util.zip objects not closed,"
                    + " thread stacks, glibc arenas) cannot be seen; the rows are what the JVM committed");
        } else {
            notes.add("rows: java-heap estimated from GC events (the most heap used so far, at most the heap committed),"
                    + " metaspace and class-space committed, code-cache used, direct-buffers (the pool's memory used)"
                    + (nmt ? ", the JVM's own malloc by NMT (jdk.NativeMemoryUsage)" : "")
                    + "; 'unexplained' is the rest of RSS");
        }
        List<String> missing = new ArrayList<>();
        if (e.heapUsed.isEmpty()) {
            missing.add("jdk.GCHeapSummary (no GC during the recording)");
        }
        if (e.metaspace.isEmpty()) {
            missing.add("jdk.MetaspaceSummary (no GC during the recording)");
        }
        if (e.directUsed.isEmpty()) {
            missing.add("jdk.DirectBufferStatistics");
        }
        if (e.codeCache.isEmpty()) {
            missing.add("jdk.CodeCacheStatistics");
        }
        if (e.threads.isEmpty()) {
            missing.add("jdk.JavaThreadStatistics");
        }
        if (e.loadedClasses.isEmpty()) {
            missing.add("jdk.ClassLoadingStatistics");
        }
        if (!missing.isEmpty()) {
            notes.add("not in this recording: " + String.join(", ", missing));
        }
        owners(notes, "JFR's old object samples (objects still alive when the recording ended) include ", e.oldObjects);
        if (e.containerUsage.size() >= 2) {
            List<JfrEvents.Point> u = new ArrayList<>(e.containerUsage);
            u.sort(Comparator.comparingLong(JfrEvents.Point::t));
            notes.add("the container's memory usage (all its processes, page cache included; jdk.ContainerMemoryUsage)"
                    + " went from " + Sizes.format(u.get(0).value()) + " to " + Sizes.format(u.get(u.size() - 1).value()));
        }
        e.libraries.stream().filter(p -> p.contains("libjemalloc")).findFirst().ifPresent(p -> notes.add("jemalloc is"
                + " mapped (" + p + "); its version is not in the recording"));
        return notes;
    }

    /** "… 41 java.util.zip.Deflater (zlib state, freed by end())" for the classes that own native memory. */
    private static void owners(List<String> notes, String prefix, Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return;
        }
        List<String> parts = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(5).map(c -> c.getValue() + " " + c.getKey() + " (" + JfrEvents.nativeOwner(c.getKey()) + ")").toList();
        notes.add(prefix + String.join(", ", parts) + ": objects that own native memory");
    }
}
