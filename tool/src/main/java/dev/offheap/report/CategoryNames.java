package dev.offheap.report;

import dev.offheap.model.MemoryCategory;

/** Words for categories in sentences ("1.4 GiB glibc arenas"). */
public final class CategoryNames {
    private CategoryNames() {
    }

    public static String words(MemoryCategory c) {
        return switch (c) {
            case JAVA_HEAP -> "heap";
            case CLASS_SPACE -> "class space";
            case METASPACE -> "metaspace";
            case CODE_CACHE -> "code cache";
            case THREAD_STACKS -> "thread stacks";
            case GC -> "GC structures";
            case COMPILER -> "JIT compiler";
            case SYMBOLS -> "symbols";
            case JVM_INTERNAL -> "JVM internal";
            case JVM_OTHER -> "other JVM memory";
            case CDS -> "CDS archive";
            case DIRECT_BUFFERS -> "direct buffers";
            case UNSAFE -> "Unsafe memory";
            case MALLOC_JVM -> "JVM malloc";
            case MALLOC_UNTRACKED -> "untracked malloc";
            case MALLOC_ARENAS -> "glibc arenas";
            case MALLOC_FREE_RETAINED -> "freed malloc memory kept by glibc";
            case MAPPED_FILES -> "mapped files";
            case LIBRARIES -> "native libraries";
            case STACKS_NATIVE -> "native stack";
            case UNEXPLAINED -> "unexplained";
        };
    }
}
