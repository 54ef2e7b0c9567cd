package dev.offheap.model;

/** The stable category names of the JSON contract (offheap/1); finer categories roll up into these. */
public enum MemoryCategory {
    JAVA_HEAP("java-heap"),
    CLASS_SPACE("class-space"),
    METASPACE("metaspace"),
    CODE_CACHE("code-cache"),
    THREAD_STACKS("thread-stacks"),
    GC("gc"),
    COMPILER("compiler"),
    SYMBOLS("symbols"),
    JVM_INTERNAL("jvm-internal"),
    JVM_OTHER("jvm-other"),
    CDS("cds"),
    DIRECT_BUFFERS("direct-buffers"),
    UNSAFE("unsafe"),
    MALLOC_JVM("malloc-jvm"),
    MALLOC_UNTRACKED("malloc-untracked"),
    MALLOC_ARENAS("malloc-arenas"),
    MALLOC_FREE_RETAINED("malloc-free-retained"),
    MAPPED_FILES("mapped-files"),
    LIBRARIES("libraries"),
    STACKS_NATIVE("stacks-native"),
    UNEXPLAINED("unexplained");

    private final String text;

    MemoryCategory(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
