package dev.offheap.parse.hprof;

import java.util.List;

/**
 * A CLASS DUMP sub-record: the class object's id, its super class, loader, signers and protection domain (0 when
 * none), the instance size, the static fields with values, and the declared instance fields in dump order.
 */
public record ClassDump(long id, long superId, long loaderId, long signersId, long protectionDomainId,
                        int instanceSize, List<Field> staticFields, List<Field> instanceFields,
                        long[] constantPoolReferences) {
    /** A field: its name's UTF8 id, its type, and for static fields its value (raw bits; a reference is an id). */
    public record Field(long nameId, BasicType type, long value) {
    }
}
