package dev.offheap.parse.hprof;

/** Tags of HPROF top-level records and of heap dump sub-records (as HotSpot's heapDumper.cpp writes them). */
public final class HprofTags {
    public static final int UTF8 = 0x01;
    public static final int LOAD_CLASS = 0x02;
    public static final int UNLOAD_CLASS = 0x03;
    public static final int FRAME = 0x04;
    public static final int TRACE = 0x05;
    public static final int HEAP_DUMP = 0x0C;
    public static final int HEAP_DUMP_SEGMENT = 0x1C;
    public static final int HEAP_DUMP_END = 0x2C;

    public static final int ROOT_UNKNOWN = 0xFF;
    public static final int ROOT_JNI_GLOBAL = 0x01;
    public static final int ROOT_JNI_LOCAL = 0x02;
    public static final int ROOT_JAVA_FRAME = 0x03;
    public static final int ROOT_NATIVE_STACK = 0x04;
    public static final int ROOT_STICKY_CLASS = 0x05;
    public static final int ROOT_THREAD_BLOCK = 0x06;
    public static final int ROOT_MONITOR_USED = 0x07;
    public static final int ROOT_THREAD_OBJECT = 0x08;
    public static final int CLASS_DUMP = 0x20;
    public static final int INSTANCE_DUMP = 0x21;
    public static final int OBJECT_ARRAY_DUMP = 0x22;
    public static final int PRIMITIVE_ARRAY_DUMP = 0x23;

    private HprofTags() {
    }

    /** A short name of a GC root sub-record tag, for holder paths ("thread", "jni global", …). */
    public static String rootName(int subTag) {
        return switch (subTag) {
            case ROOT_JNI_GLOBAL -> "jni global";
            case ROOT_JNI_LOCAL -> "jni local";
            case ROOT_JAVA_FRAME -> "java frame";
            case ROOT_NATIVE_STACK -> "native stack";
            case ROOT_STICKY_CLASS -> "system class";
            case ROOT_THREAD_BLOCK -> "thread block";
            case ROOT_MONITOR_USED -> "monitor";
            case ROOT_THREAD_OBJECT -> "thread";
            default -> "unknown root";
        };
    }
}
