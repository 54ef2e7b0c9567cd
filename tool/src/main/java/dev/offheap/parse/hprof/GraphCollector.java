package dev.offheap.parse.hprof;

import dev.offheap.parse.hprof.HprofClasses.ClassInfo;

/**
 * Notes, during the views pass, every instance, object array and class with its strong references, plus the GC
 * roots. An instance also references its class, and a class its super class, loader, signers, protection domain,
 * static fields and constant pool entries. Instances are handed over only once their class is known (see
 * {@link HeapFactsCollector}), so class dumps may come after instances.
 */
final class GraphCollector implements HprofVisitor {
    /** Marks a reference stored as three ints (marker, high and low word of the id) instead of one. */
    static final int FAR = Integer.MIN_VALUE;
    /** The class code of an object array whose class was not dumped. */
    static final int UNKNOWN_ARRAY = Integer.MIN_VALUE;
    private final HprofClasses classes;
    /** Per object in file order: its id. */
    LongChunks ids = new LongChunks();
    /**
     * Per object in file order: class code (class index; -index-1 for a class object), reference count, then each
     * non-null reference as {@code (target - id) / 8} when that fits in an int, else {@link #FAR} and the id in two
     * ints. Most references point near their holder, so this takes half the memory of raw ids. The reference of an
     * instance or array to its (dumped) class is implied by the class code, not stored.
     */
    IntChunks refs = new IntChunks();
    /** Per object in file order: where its entry starts in {@link #refs}. */
    IntChunks starts = new IntChunks();
    final LongList roots = new LongList();
    /** The smallest and largest object id, and all ids or-ed (their common alignment). */
    long minId = Long.MAX_VALUE;
    long maxId = Long.MIN_VALUE;
    long idBits;
    private long self;

    GraphCollector(HprofClasses classes) {
        this.classes = classes;
    }

    void release() {
        if (ids != null) {
            ids.close();
            refs.close();
            starts.close();
        }
        ids = null;
        refs = null;
        starts = null;
    }

    @Override
    public void root(int subTag, long id, int threadSerial) {
        roots.add(id);
        roots.add(((long) subTag << 32) | (threadSerial & 0xFFFF_FFFFL));
    }

    @Override
    public void classDump(ClassDump c) {
        long countAt = begin(c.id(), -classes.indexOf(c.id()) - 1);
        int n = edge(c.superId()) + edge(c.loaderId()) + edge(c.signersId()) + edge(c.protectionDomainId());
        for (ClassDump.Field f : c.staticFields()) {
            if (f.type() == BasicType.OBJECT) {
                n += edge(f.value());
            }
        }
        for (long ref : c.constantPoolReferences()) {
            n += edge(ref);
        }
        refs.set(countAt, n);
    }

    /** An instance of a resolved class, the input at its field data. */
    void instance(long id, ClassInfo c, int length, HprofInput in) {
        long countAt = begin(id, c.index);
        int n = 0;
        long data = in.position();
        int idSize = in.idSize();
        for (int off : c.layout().referenceOffsets()) {
            if (off + idSize <= length) {
                in.seek(data + off);
                n += edge(in.id());
            }
        }
        refs.set(countAt, n);
    }

    @Override
    public void objectArray(long id, long arrayClassId, int length, HprofInput in) {
        int ci = classes.indexOf(arrayClassId);
        long countAt = begin(id, ci >= 0 ? ci : UNKNOWN_ARRAY);
        int n = ci >= 0 ? 0 : edge(arrayClassId);
        for (int i = 0; i < length; i++) {
            n += edge(in.id());
        }
        refs.set(countAt, n);
    }

    private long begin(long id, int classCode) {
        self = id;
        ids.add(id);
        starts.add((int) refs.size());
        minId = Math.min(minId, id);
        maxId = Math.max(maxId, id);
        idBits |= id;
        refs.add(classCode);
        refs.add(0);
        return refs.size() - 1;
    }

    private int edge(long id) {
        if (id == 0) {
            return 0;
        }
        long diff = id - self;
        long words = diff >> 3;
        if ((diff & 7) == 0 && words > FAR && words <= Integer.MAX_VALUE) {
            refs.add((int) words);
        } else {
            refs.add(FAR);
            refs.add((int) (id >>> 32));
            refs.add((int) id);
        }
        return 1;
    }
}
