package dev.offheap.model;

import java.util.Objects;

/**
 * One frame of a malloc call stack: a function or Java method name, the library it lives in (a file name such as
 * {@code libzstd-jni-1.5.7-6.so}; null for Java and JIT code) and what kind of code it is.
 */
public record StackFrame(String name, String library, Kind kind) {
    public enum Kind {
        /** C/C++ code in an ELF file (library or executable). */
        NATIVE,
        /** A Java method: interpreted, compiled, inlined, or the native-method wrapper of a JNI method. */
        JAVA,
        /** Generated code that is not a method: the interpreter, stubs, adapters. */
        JIT_STUB,
        KERNEL,
        /** An address nothing could name. */
        UNKNOWN,
        /** Not code: the thread a stack ran in, as its outermost frame (profiles that record threads). */
        THREAD
    }

    public static StackFrame java(String name) {
        return new StackFrame(name, null, Kind.JAVA);
    }

    /** The thread a stack ran in, as a root frame: "[pool-1-thread-3]". */
    public static StackFrame thread(String name) {
        return new StackFrame("[" + name + "]", null, Kind.THREAD);
    }

    public static StackFrame nativeFrame(String name, String library) {
        return new StackFrame(name, library, Kind.NATIVE);
    }

    // written out, as a record's would be: the generated ones cost ~10 ms of method-handle set-up on first use in a
    // cold JVM, and frames are hashed by the thousand when a profile's stacks are merged
    @Override
    public boolean equals(Object o) {
        return o instanceof StackFrame f && Objects.equals(name, f.name) && Objects.equals(library, f.library) && kind == f.kind;
    }

    @Override
    public int hashCode() {
        return (Objects.hashCode(name) * 31 + Objects.hashCode(library)) * 31 + (kind == null ? 0 : kind.ordinal() + 1);
    }
}
