package dev.offheap.model.heap;

import java.util.List;

/**
 * What the passes over one heap dump found, before any view is computed. {@code partial}: the file was truncated or
 * corrupted and only part of it was read. {@code reachabilityComputed}: whether buffers carry reachability.
 */
public record HeapDumpFacts(String source, String version, int idSize, long fileBytes, boolean partial,
                            boolean reachabilityComputed, List<DirectBufferFact> buffers, List<LoadedClass> classes,
                            List<ClassLoaderFact> loaders, long memberNames, ZipCounts zip,
                            List<NativeOwnerCount> nativeOwners) {
    public HeapDumpFacts {
        buffers = List.copyOf(buffers);
        classes = List.copyOf(classes);
        loaders = List.copyOf(loaders);
        nativeOwners = List.copyOf(nativeOwners);
    }
}
