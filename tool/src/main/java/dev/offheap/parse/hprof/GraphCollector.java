package dev.offheap.parse.hprof;

import dev.offheap.parse.hprof.HprofClasses.ClassInfo;

/**
 * Notes, during the views pass, every instance, object array and class with its strong references as raw ids
 * ({@code count, id…}), plus the GC roots. An instance also references its class, and a class its super class,
 * loader, signers, protection domain, static fields and constant pool entries. Instances are handed over only once
 * their class is known (see {@link HeapFactsCollector}), so class dumps may come after instances.
 */
final class GraphCollector implements HprofVisitor {
    private final HprofClasses classes;
    /** Per object in file order: id, class code (class index; -index-1 for a class object), count, target ids. */
    LongChunks edges = new LongChunks();
    final LongList roots = new LongList();

    GraphCollector(HprofClasses classes) {
        this.classes = classes;
    }

    void release() {
        if (edges != null) {
            edges.close();
        }
        edges = null;
    }

    @Override
    public void root(int subTag, long id, int threadSerial) {
        roots.add(id);
        roots.add(((long) subTag << 32) | (threadSerial & 0xFFFF_FFFFL));
    }

    @Override
    public void classDump(ClassDump c) {
        edges.add(c.id());
        edges.add(-classes.indexOf(c.id()) - 1);
        long countAt = edges.size();
        edges.add(0);
        int n = 0;
        n += edge(c.superId()) + edge(c.loaderId()) + edge(c.signersId()) + edge(c.protectionDomainId());
        for (ClassDump.Field f : c.staticFields()) {
            if (f.type() == BasicType.OBJECT) {
                n += edge(f.value());
            }
        }
        for (long ref : c.constantPoolReferences()) {
            n += edge(ref);
        }
        edges.set(countAt, n);
    }

    private int edge(long id) {
        if (id == 0) {
            return 0;
        }
        edges.add(id);
        return 1;
    }

    @Override
    public void instance(long id, long classId, int length, HprofInput in) {
        ClassInfo c = classes.resolved(classId);
        edges.add(id);
        edges.add(c.index);
        long countAt = edges.size();
        edges.add(0);
        edges.add(classId);
        int n = 1;
        long data = in.position();
        int idSize = in.idSize();
        for (int off : c.layout().referenceOffsets()) {
            if (off + idSize <= length) {
                in.seek(data + off);
                n += edge(in.id());
            }
        }
        edges.set(countAt, n);
    }

    @Override
    public void objectArray(long id, long arrayClassId, int length, HprofInput in) {
        int ci = classes.indexOf(arrayClassId);
        edges.add(id);
        edges.add(ci >= 0 ? ci : Integer.MIN_VALUE);
        long countAt = edges.size();
        edges.add(0);
        int n = edge(arrayClassId);
        for (int i = 0; i < length; i++) {
            n += edge(in.id());
        }
        edges.set(countAt, n);
    }
}
