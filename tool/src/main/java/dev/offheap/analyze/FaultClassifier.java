package dev.offheap.analyze;

import dev.offheap.model.GrowthGroup;
import dev.offheap.model.LibraryName;
import dev.offheap.model.StackFrame;
import java.util.List;

/**
 * Says what touched new memory in one page-fault stack (innermost frame first): the group it belongs to, before the
 * groups are summed. Native code under a Java frame belongs to that frame's class (a JNI class: all its native methods
 * together, e.g. Deflater.init and deflateBytesBytes), unless it is the JVM allocating Java heap; a stack of Java
 * frames only is a thread touching its own stack or new heap pages, grouped by thread name; a stack without Java
 * frames belongs to its thread too: GC workers (Java heap), compiler threads, or a library's own thread.
 */
final class FaultClassifier {
    /** The group a stack goes to: its key, kind, category, the Java class of the group, the Java frame (-1: none). */
    record Placement(String key, GrowthGroup.Kind kind, String category, String javaClass, int javaFrame) {
    }

    // HotSpot's Java heap allocation paths (interpreter, C1, C2, runtime) and collected heaps
    private static final List<String> HEAP_ALLOCATION = List.of("MemAllocator", "CollectedHeap", "InterpreterRuntime::_new",
            "InterpreterRuntime::newarray", "InterpreterRuntime::anewarray", "InterpreterRuntime::multianewarray",
            "OptoRuntime::new_", "OptoRuntime::multianewarray", "Runtime1::new_", "TypeArrayKlass::allocate",
            "ObjArrayKlass::allocate", "InstanceKlass::allocate_instance", "ThreadLocalAllocBuffer", "G1Allocator",
            "G1PLAB", "ParallelScavengeHeap", "ZHeap", "ShenandoahHeap", "SerialHeap", "GenCollectedHeap");
    // class definition and metadata: ClassLoader.defineClass1 → jvm_define_class_common → ClassFileParser → Metaspace
    private static final List<String> CLASS_DEFINITION = List.of("SystemDictionary::", "ClassFileParser::", "Metaspace::",
            "ClassLoaderData::", "KlassFactory::", "jvm_define_class", "JVM_DefineClass", "JVM_LookupDefineClass");
    private static final List<String> THREAD_START = List.of("JVM_StartThread", "os::create_thread");
    // the JDK's classes whose native methods define classes: all their native memory is class metadata
    private static final List<String> CLASS_DEFINERS = List.of("java.lang.ClassLoader", "java.lang.reflect.Proxy",
            "java.lang.invoke.MethodHandleNatives", "java.lang.System$2", "java.lang.invoke.MethodHandles$Lookup",
            "java.lang.ClassLoader$NativeLibrary");
    private static final List<String> UNSAFE = List.of("jdk.internal.misc.Unsafe", "sun.misc.Unsafe");

    private FaultClassifier() {
    }

    static Placement place(List<StackFrame> frames, String threadName) {
        int j = javaFrame(frames);
        String thread = threadGroup(threadName);
        if (j < 0) {
            if (isGcThread(threadName)) {
                return new Placement("gc:" + thread, GrowthGroup.Kind.JAVA_HEAP, "java-heap", null, -1);
            }
            if (isCompilerThread(threadName)) {
                return new Placement("jit:" + thread, GrowthGroup.Kind.JIT, "compiler", null, -1);
            }
            boolean library = frames.stream().anyMatch(f -> f.library() != null && !isSystemOrJvm(f.library()));
            return new Placement("thread:" + thread, GrowthGroup.Kind.NATIVE_THREAD, library ? "malloc-untracked" : "jvm-other", null, -1);
        }
        boolean nativeBelow = false;
        for (int i = 0; i < j; i++) {
            nativeBelow |= frames.get(i).kind() == StackFrame.Kind.NATIVE;
        }
        if (!nativeBelow) {
            return new Placement("java:" + thread, GrowthGroup.Kind.JAVA, "java-heap", null, j);
        }
        if (any(frames, j, HEAP_ALLOCATION)) {
            return new Placement("heap-allocation", GrowthGroup.Kind.JAVA_HEAP, "java-heap", null, j);
        }
        String cls = className(frames.get(j).name());
        if (UNSAFE.contains(cls)) {
            boolean direct = frames.stream().anyMatch(f -> f.kind() == StackFrame.Kind.JAVA && f.name().startsWith("java.nio.DirectByteBuffer.<init>"));
            return direct ? new Placement("direct-buffers", GrowthGroup.Kind.JVM, "direct-buffers", "java.nio.DirectByteBuffer", j)
                    : new Placement("class:" + cls, GrowthGroup.Kind.JVM, "unsafe", cls, j);
        }
        if (any(frames, j, CLASS_DEFINITION) || CLASS_DEFINERS.contains(cls)) {
            return new Placement("class:" + cls, GrowthGroup.Kind.JVM, "metaspace", cls, j);
        }
        if (cls.equals("java.lang.Thread") || any(frames, j, THREAD_START)) {
            return new Placement("class:" + cls, GrowthGroup.Kind.JVM, "thread-stacks", cls, j);
        }
        return new Placement("class:" + cls, GrowthGroup.Kind.JNI, "malloc-untracked", cls, j);
    }

    /** "libzstd-jni-1.5.7-6.so via com.github…compressStream", "direct buffers allocated by X", … */
    static String title(GrowthGroup.Kind kind, String category, LibraryName library, String javaClass, String javaMethod,
                        GrowthGroup.Share callerShare, String thread) {
        String lib = library == null ? null : library.shown();
        String caller = callerShare == null ? null : callerShare.name();
        return switch (category) {
            case "direct-buffers" -> "direct buffers" + (caller == null ? "" : " allocated by " + caller);
            case "unsafe" -> "Unsafe.allocateMemory memory" + (caller == null ? "" : " of " + caller);
            case "metaspace" -> "class metadata (" + javaMethod + (caller == null ? "" : " from " + caller) + ")";
            case "thread-stacks" -> kind == GrowthGroup.Kind.THREAD_STACKS ? "stacks of new threads " + thread
                    : "thread creation" + (caller == null ? "" : " by " + caller);
            case "java-heap" -> kind == GrowthGroup.Kind.JAVA_HEAP && javaMethod == null ? "Java heap (GC threads " + thread + ")"
                    : kind == GrowthGroup.Kind.JAVA_HEAP ? "Java heap allocation" + (caller == null ? "" : " by " + caller)
                    : "Java code of threads " + thread + " (new heap or stack pages)";
            case "compiler" -> "JIT compiler (threads " + thread + ")";
            case "jvm-other" -> javaClass != null ? "the JVM via " + javaMethod : "the JVM's threads " + thread;
            default -> kind == GrowthGroup.Kind.NATIVE_THREAD ? lib + " in its threads " + thread
                    : (lib == null ? javaClass : lib) + " via " + javaMethod;
        };
    }

    /** The innermost Java frame, or -1. */
    static int javaFrame(List<StackFrame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).kind() == StackFrame.Kind.JAVA) {
                return i;
            }
        }
        return -1;
    }

    private static boolean any(List<StackFrame> frames, int end, List<String> markers) {
        for (int i = 0; i < end; i++) {
            String name = frames.get(i).name();
            for (String m : markers) {
                if (name.contains(m)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * "pool-12-thread-3" → "pool-N-thread-N", "C2 CompilerThread0" → "C2 CompilerThreadN": threads a program keeps
     * starting are one group; digits right after a capital letter are part of a name ("C2", "G1").
     */
    static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("(?<![A-Z\\d])\\d+", "N");
    }

    // HotSpot's names: "GC Thread#0", "G1 Conc#0", "G1 Refine#0", "G1 Main Marker", "G1 Service", "ZWorkerYoung#0",
    // "Shenandoah…", "VM Thread" (serial GC and safepoint work)
    static boolean isGcThread(String name) {
        return name != null && (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("Z")
                && (name.startsWith("ZWorker") || name.startsWith("ZDriver") || name.startsWith("ZDirector"))
                || name.startsWith("Shenandoah") || name.startsWith("ParGC") || name.equals("VM Thread"));
    }

    // "C2 CompilerThread0", "C1 CompilerThread1", "C2 CompilerThre" (a name cut at 15 characters by the kernel)
    static boolean isCompilerThread(String name) {
        return name != null && (name.contains("CompilerThre") || name.startsWith("C1 ") || name.startsWith("C2 "));
    }

    /** libc, the dynamic loader and the JVM itself: a thread with only these is the JVM's own. */
    static boolean isSystemOrJvm(String library) {
        return library.startsWith("libc.so") || library.startsWith("libc-") || library.startsWith("ld-linux")
                || library.startsWith("libpthread") || library.equals("libjvm.so") || library.startsWith("libstdc++")
                || library.startsWith("libgcc_s");
    }

    /** "java.util.zip.Deflater.init" → "java.util.zip.Deflater". */
    static String className(String method) {
        int dot = method.lastIndexOf('.', method.indexOf('(') < 0 ? method.length() : method.indexOf('('));
        return dot < 0 ? method : method.substring(0, dot);
    }
}
