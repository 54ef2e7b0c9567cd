package dev.offheap.analyze;

import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtFormat;
import dev.offheap.model.NmtReservedRegion;
import dev.offheap.model.NmtTag;

/** Which row of the explained-RSS table an NMT region or an NMT category's malloc belongs to. */
final class CategoryMapper {
    private CategoryMapper() {
    }

    /** The row of an NMT virtual-memory region (mmap'ed by the JVM). */
    static MemoryCategory forRegion(NmtReservedRegion region, NmtFormat format) {
        // JDK 8 tags both metaspace and the compressed class space "Class"; only the latter's frames name it
        if (region.tag() == NmtTag.CLASS && format == NmtFormat.JDK8) {
            return mentionsClassSpace(region) ? MemoryCategory.CLASS_SPACE : MemoryCategory.METASPACE;
        }
        return forCategory(region.tag(), format);
    }

    /** The row of an NMT category's mmap'ed memory (JDK 8's "Class" holds mostly metaspace). */
    static MemoryCategory forCategory(NmtTag tag, NmtFormat format) {
        return switch (tag) {
            case JAVA_HEAP -> MemoryCategory.JAVA_HEAP;
            case CLASS -> format == NmtFormat.JDK8 ? MemoryCategory.METASPACE : MemoryCategory.CLASS_SPACE;
            case METASPACE -> MemoryCategory.METASPACE;
            case CODE -> MemoryCategory.CODE_CACHE;
            case THREAD, THREAD_STACK -> MemoryCategory.THREAD_STACKS;
            case GC, GC_CARD_SET -> MemoryCategory.GC;
            case SHARED_CLASS_SPACE -> MemoryCategory.CDS;
            case INTERNAL -> MemoryCategory.JVM_INTERNAL;
            default -> MemoryCategory.JVM_OTHER;
        };
    }

    /** The row of malloc'ed (and HotSpot-arena) memory of an NMT category, where it is not the Unsafe category. */
    static MemoryCategory forMalloc(NmtTag tag) {
        return switch (tag) {
            case GC, GC_CARD_SET -> MemoryCategory.GC;
            case COMPILER -> MemoryCategory.COMPILER;
            case SYMBOL -> MemoryCategory.SYMBOLS;
            case INTERNAL -> MemoryCategory.JVM_INTERNAL;
            default -> MemoryCategory.MALLOC_JVM;
        };
    }

    private static boolean mentionsClassSpace(NmtReservedRegion region) {
        for (String frame : region.frames()) {
            if (frame.contains("compressed_klass") || frame.contains("CompressedClass") || frame.contains("class_space")) {
                return true;
            }
        }
        return false;
    }
}
