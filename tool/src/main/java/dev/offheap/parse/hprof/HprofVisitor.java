package dev.offheap.parse.hprof;

/**
 * Callbacks of one pass over an HPROF file. Object callbacks get the input positioned at the record's data
 * (field values or array elements) and may read as much of it as they like; the reader moves on afterwards.
 */
public interface HprofVisitor {
    /** Whether {@link #utf8} is wanted (decoding names costs time a bare walk does not spend). */
    default boolean wantsUtf8() {
        return false;
    }

    default void utf8(long id, String text) {
    }

    default void loadClass(int serial, long classId, long nameId) {
    }

    /** A heap dump (segment) record whose sub-records follow, up to the file offset {@code end}. */
    default void heapDumpSegment(long end) {
    }

    /** A GC root of the given sub-record tag; {@code threadSerial} is 0 when the root names no thread. */
    default void root(int subTag, long id, int threadSerial) {
    }

    default void classDump(ClassDump c) {
    }

    /** An instance with {@code length} bytes of field values at the input's position. */
    default void instance(long id, long classId, int length, HprofInput in) {
    }

    default void objectArray(long id, long arrayClassId, int length, HprofInput in) {
    }

    default void primitiveArray(long id, BasicType type, int length, HprofInput in) {
    }
}
