package dev.offheap.parse.hprof;

/**
 * The first pass for reachability, in a thread of its own beside the views pass: notes the id of every instance,
 * object array and class (for {@link IdRanks}), the GC roots, the classes (its own {@link HprofClasses}: both
 * passes see the class dumps in the same order, so class indexes agree), and every so many bytes a sub-record
 * where the second pass ({@link GraphWriter}) may start a part. References are read by that second pass.
 */
final class GraphScan extends ClassesVisitor {
    /** Per object in file order: its id. */
    LongChunks ids = new LongChunks();
    /** Pairs of root id and {@code subTag << 32 | threadSerial}. */
    final LongList roots = new LongList();
    /** Pairs: the offset of a sub-record where a part starts, and the end of its heap dump segment. */
    final LongList partStarts = new LongList();
    /** The smallest and largest object id, and all ids or-ed (their common alignment). */
    long minId = Long.MAX_VALUE;
    long maxId = Long.MIN_VALUE;
    long idBits;
    /** Whether the walk stopped early or skipped a segment: then an object noted here may be cut short there. */
    boolean partial;
    private long segmentEnd;
    private long partBytes;
    private long nextPart;

    GraphScan() {
        super(new HprofClasses());
    }

    /** Walks the file; then every class that can be resolved is, so that the second pass only reads them. */
    void run(HprofFile file) {
        classes.idSize(file.header().idSize());
        partBytes = Math.max(256 << 10, file.size() / 64);
        nextPart = partBytes;
        partial = new HprofReader(file).walk(this).partial();
        for (int i = 0; i < classes.count(); i++) {
            classes.resolved(classes.get(i).dump.id());
        }
    }

    void release() {
        if (ids != null) {
            ids.close();
        }
        ids = null;
    }

    @Override
    public void heapDumpSegment(long end) {
        segmentEnd = end;
    }

    @Override
    public void root(int subTag, long id, int threadSerial) {
        roots.add(id);
        roots.add(((long) subTag << 32) | (threadSerial & 0xFFFF_FFFFL));
    }

    @Override
    public void classDump(ClassDump c) {
        super.classDump(c);
        note(c.id(), null);
    }

    @Override
    public void objectArray(long id, long arrayClassId, int length, HprofInput in) {
        note(id, in);
    }

    @Override
    public void instance(long id, long classId, int length, HprofInput in) {
        note(id, in);
    }

    private void note(long id, HprofInput in) {
        ids.add(id);
        minId = Math.min(minId, id);
        maxId = Math.max(maxId, id);
        idBits |= id;
        if (in != null && in.recordStart() >= nextPart) {
            partStarts.add(in.recordStart());
            partStarts.add(segmentEnd);
            nextPart = in.recordStart() + partBytes;
        }
    }
}
