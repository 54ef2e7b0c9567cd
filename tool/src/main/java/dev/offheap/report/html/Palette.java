package dev.offheap.report.html;

import dev.offheap.model.MemoryCategory;

/** One colour per memory category, the same in every chart and table: JVM parts cool, native parts warm. */
final class Palette {
    private Palette() {
    }

    static String color(MemoryCategory c) {
        return switch (c) {
            case JAVA_HEAP -> "#4e79a7";
            case CLASS_SPACE -> "#8e6bbf";
            case METASPACE -> "#b07aa1";
            case CODE_CACHE -> "#1f9e89";
            case THREAD_STACKS -> "#76b7b2";
            case GC -> "#9c755f";
            case COMPILER -> "#bab0ac";
            case SYMBOLS -> "#d4a6c8";
            case JVM_INTERNAL -> "#a0cbe8";
            case JVM_OTHER -> "#86bcb6";
            case CDS -> "#c7c7e2";
            case DIRECT_BUFFERS -> "#e15759";
            case UNSAFE -> "#b5332f";
            case MALLOC_JVM -> "#f1ce63";
            case MALLOC_UNTRACKED -> "#f28e2b";
            case MALLOC_ARENAS -> "#ffbe7d";
            case MALLOC_FREE_RETAINED -> "#e8d8a8";
            case MAPPED_FILES -> "#59a14f";
            case LIBRARIES -> "#8cd17d";
            case STACKS_NATIVE -> "#499894";
            case UNEXPLAINED -> "#c8c8c8";
        };
    }

    /** The colour of a series by its name: a category name (DESIGN.md §4), else grey. */
    static String color(String categoryName) {
        MemoryCategory c = category(categoryName);
        return c == null ? "#9aa3b0" : color(c);
    }

    static MemoryCategory category(String name) {
        for (MemoryCategory c : MemoryCategory.values()) {
            if (c.text().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
