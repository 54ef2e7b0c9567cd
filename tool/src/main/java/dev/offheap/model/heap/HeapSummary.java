package dev.offheap.model.heap;

import java.util.List;

/** The off-heap views of one heap dump ({@code offheap heap}). */
public record HeapSummary(String source, String version, int idSize, long fileBytes, boolean partial,
                          boolean reachabilityComputed, DirectBufferSummary directBuffers,
                          MappedBufferSummary mappedBuffers, ReflectionSummary reflection,
                          List<ClassLoaderType> classLoaders, List<DuplicateClass> duplicateClasses,
                          long memberNames, ZipCounts zip, List<NativeOwnerCount> nativeOwners) {
    public HeapSummary {
        classLoaders = List.copyOf(classLoaders);
        duplicateClasses = List.copyOf(duplicateClasses);
        nativeOwners = List.copyOf(nativeOwners);
    }
}
