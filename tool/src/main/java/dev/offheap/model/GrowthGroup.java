package dev.offheap.model;

import java.util.List;

/**
 * Page faults of a growth profile grouped by what made them: a JNI class (all its native methods together, with
 * the library that exports them), an entry of the JVM seen from Java ({@code Unsafe}, {@code ClassLoader.defineClass1},
 * {@code Thread.start0}), Java heap allocation and GC threads, compiler threads, or the threads of one name (digits
 * as N) whose own code touched the memory. {@code title} says it in words ("libzip.so via
 * java.util.zip.Deflater.deflateBytesBytes", "stacks of new threads pool-N-thread-N"). {@code category} is one of DESIGN.md's category names. {@code bytes}: the
 * faults times the page size; {@code share}: of all sampled faults; {@code explained}: of the RSS growth of the window
 * (null where RSS did not grow); {@code error}: the relative sampling error (two standard deviations). Fields that
 * do not apply are null; {@code threads}: distinct threads sampled; {@code notes}: what the grouping noticed (where
 * memory was allocated and first touched); {@code frames}: the group's most frequent stack, innermost first.
 */
public record GrowthGroup(Kind kind, String key, String title, String category, LibraryName library, String javaClass, String javaMethod,
                          Share caller, String thread, List<Share> methods, long faults, long samples, long bytes,
                          double share, Double explained, double error, int threads, List<String> notes,
                          List<StackFrame> frames) {
    public enum Kind {
        /** Native code reached from one Java class's native methods (a JNI library, or the JDK's own). */
        JNI,
        /** The JVM reached from Java: Unsafe, class definition, thread start. */
        JVM,
        /** Java heap: allocation in the JVM's runtime and GC threads. */
        JAVA_HEAP,
        /** The JIT compiler's threads. */
        JIT,
        /** New threads touching their own stacks (Java frames only, in many threads of one name). */
        THREAD_STACKS,
        /** Java code touching memory itself, in one or two threads (new heap regions written, or a stack). */
        JAVA,
        /** A thread without Java frames: native code of a library's own thread, or the JVM's. */
        NATIVE_THREAD
    }

    /** A name with the faults under it and their share of the group. */
    public record Share(String name, long faults, double share) {
    }

    public GrowthGroup {
        methods = List.copyOf(methods);
        notes = List.copyOf(notes);
        frames = List.copyOf(frames);
    }
}
