package dev.offheap.parse.hprof;

import dev.offheap.parse.hprof.HprofClasses.ClassInfo;

/**
 * The reachability pass: for every instance, object array and class, writes its strong references as ranks into
 * the edge file ({@code [count, rank…]}), its edge offset and its class. An instance also references its class,
 * and a class its super class, loader, signers, protection domain, static fields and constant pool entries.
 */
final class ReferencePass implements HprofVisitor {
    private final Reachability index;
    private final HprofClasses classes;
    private final BigInts edges;
    private final BigLongs offsets;
    private final BigInts classOf;
    private long countAt;
    private int edgeCount;

    ReferencePass(Reachability index, HprofClasses classes, BigInts edges, BigLongs offsets, BigInts classOf) {
        this.index = index;
        this.classes = classes;
        this.edges = edges;
        this.offsets = offsets;
        this.classOf = classOf;
    }

    private boolean begin(long id, int classCode) {
        int r = index.rank(id);
        if (r < 0) {
            return false;
        }
        classOf.set(r, classCode);
        countAt = edges.size();
        offsets.set(r, countAt);
        edges.add(0);
        edgeCount = 0;
        return true;
    }

    private void edge(long target) {
        if (target != 0) {
            int t = index.rank(target);
            if (t >= 0) {
                edges.add(t);
                edgeCount++;
            }
        }
    }

    private void end() {
        edges.set(countAt, edgeCount);
    }

    @Override
    public void classDump(ClassDump c) {
        int ci = classes.indexOf(c.id());
        if (!begin(c.id(), -ci - 1)) {
            return;
        }
        edge(c.superId());
        edge(c.loaderId());
        edge(c.signersId());
        edge(c.protectionDomainId());
        for (ClassDump.Field f : c.staticFields()) {
            if (f.type() == BasicType.OBJECT) {
                edge(f.value());
            }
        }
        for (long ref : c.constantPoolReferences()) {
            edge(ref);
        }
        end();
    }

    @Override
    public void instance(long id, long classId, int length, HprofInput in) {
        ClassInfo c = classes.resolved(classId);
        if (c == null || !begin(id, c.index)) {
            return;
        }
        edge(classId);
        long data = in.position();
        int idSize = in.idSize();
        for (int off : c.layout().referenceOffsets()) {
            if (off + idSize <= length) {
                in.seek(data + off);
                edge(in.id());
            }
        }
        end();
    }

    @Override
    public void objectArray(long id, long arrayClassId, int length, HprofInput in) {
        int ci = classes.indexOf(arrayClassId);
        if (!begin(id, ci >= 0 ? ci : Integer.MIN_VALUE)) {
            return;
        }
        edge(arrayClassId);
        for (int i = 0; i < length; i++) {
            edge(in.id());
        }
        end();
    }
}
