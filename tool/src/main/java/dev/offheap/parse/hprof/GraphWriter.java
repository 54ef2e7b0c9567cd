package dev.offheap.parse.hprof;

import dev.offheap.parse.hprof.HprofClasses.ClassInfo;

/**
 * The second pass for reachability over parts of the file, one writer per thread: notes each instance, object
 * array and class as an entry of the graph (class code, count, then the ranks of its strong references), and where
 * the entry starts by the object's rank. An instance also references its class, and a class its super class,
 * loader, signers, protection domain, static fields and constant pool entries; the reference of an instance or
 * array to its dumped class is implied by the class code, not stored. Ids that are no object of the graph (null,
 * primitive arrays) are left out. Objects are taken in batches whose ids are ranked in one go, so the processor has
 * many independent cache misses in flight instead of one or two at a time.
 */
final class GraphWriter implements HprofVisitor {
    /** The class code of an object array whose class was not dumped. */
    static final int UNKNOWN_ARRAY = Integer.MIN_VALUE;
    /** The class code of an instance whose class (or a super class) was not dumped: it has no entries. */
    static final int UNKNOWN_INSTANCE = Integer.MIN_VALUE + 1;
    private static final int OBJECTS = 256;
    private final HprofClasses classes;
    private final IdRanks ranks;
    private final IntChunks graph;
    private final IntChunks starts;
    private final long[] selfIds = new long[OBJECTS];
    private final int[] codes = new int[OBJECTS];
    private final int[] counts = new int[OBJECTS];
    private final int[] selfRanks = new int[OBJECTS];
    private int objects;
    private long[] refIds = new long[1024];
    private int[] refRanks = new int[1024];
    private int refs;
    /** The free region claimed in the graph. */
    private long at;
    private long end;

    GraphWriter(HprofClasses classes, IdRanks ranks, IntChunks graph, IntChunks starts) {
        this.classes = classes;
        this.ranks = ranks;
        this.graph = graph;
        this.starts = starts;
    }

    @Override
    public void classDump(ClassDump c) {
        int index = classes.indexOf(c.id()); // -1 for the null id, which is no class
        begin(c.id(), index >= 0 ? -index - 1 : UNKNOWN_INSTANCE,
                4 + c.staticFields().size() + c.constantPoolReferences().length);
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
    }

    @Override
    public void instance(long id, long classId, int length, HprofInput in) {
        ClassInfo c = classes.resolved(classId);
        if (c == null) {
            begin(id, UNKNOWN_INSTANCE, 0);
            return;
        }
        int[] offsets = c.layout().referenceOffsets();
        begin(id, c.index, offsets.length);
        long data = in.position();
        int idSize = in.idSize();
        for (int off : offsets) {
            if (off + idSize <= length) {
                edge(in.idAt(data + off));
            }
        }
    }

    @Override
    public void objectArray(long id, long arrayClassId, int length, HprofInput in) {
        int ci = classes.indexOf(arrayClassId);
        int extra = ci >= 0 ? 0 : 1;
        if (length + extra > refIds.length) {
            largeArray(id, ci >= 0 ? ci : UNKNOWN_ARRAY, arrayClassId, extra, length, in);
            return;
        }
        begin(id, ci >= 0 ? ci : UNKNOWN_ARRAY, length + extra);
        if (extra > 0) {
            edge(arrayClassId);
        }
        in.ids(refIds, refs, length);
        int kept = refs;
        for (int i = refs, end = refs + length; i < end; i++) {
            long v = refIds[i];
            refIds[kept] = v;
            kept += (int) ((v | -v) >>> 63);
        }
        counts[objects - 1] += kept - refs;
        refs = kept;
    }

    /** Starts the entry of an object with at most {@code maxRefs} references; makes room for them in the batch. */
    private void begin(long id, int classCode, int maxRefs) {
        if (objects == OBJECTS || refs + maxRefs > refIds.length) {
            flush();
            if (maxRefs > refIds.length) {
                refIds = new long[maxRefs];
                refRanks = new int[maxRefs];
            }
        }
        selfIds[objects] = id;
        codes[objects] = classCode;
        counts[objects++] = 0;
    }

    private void edge(long id) {
        if (id != 0) {
            refIds[refs++] = id;
            counts[objects - 1]++;
        }
    }

    /** Writes the batch's entries: ranks all ids first, then writes the entries in one region of the graph. */
    void flush() {
        for (int i = 0; i < objects; i++) {
            selfRanks[i] = ranks.rank(selfIds[i]);
        }
        for (int i = 0; i < refs; i++) {
            refRanks[i] = ranks.rank(refIds[i]);
        }
        room(2L * objects + refs);
        int r = 0;
        for (int o = 0; o < objects; o++) {
            long entry = at;
            if (selfRanks[o] >= 0) {
                starts.set(selfRanks[o], (int) entry);
            }
            graph.set(entry, codes[o]);
            long write = entry + 2;
            for (int n = r + counts[o]; r < n; r++) {
                int target = refRanks[r];
                graph.set(write, target);
                write += ~target >>> 31;
            }
            graph.set(entry + 1, (int) (write - entry - 2));
            at = write;
        }
        objects = 0;
        refs = 0;
    }

    /** An object array longer than a batch: its entry is written directly, its elements ranked a batch at a time. */
    private void largeArray(long id, int classCode, long arrayClassId, int extra, int length, HprofInput in) {
        flush();
        room(2L + extra + length);
        long entry = at;
        int self = ranks.rank(id);
        if (self >= 0) {
            starts.set(self, (int) entry);
        }
        graph.set(entry, classCode);
        long write = entry + 2;
        int n = extra > 0 ? 1 : 0;
        refIds[0] = arrayClassId;
        for (int i = 0; i < length; ) {
            int chunk = Math.min(length - i, refIds.length - n);
            in.ids(refIds, n, chunk);
            i += chunk;
            n += chunk;
            for (int k = 0; k < n; k++) {
                refRanks[k] = refIds[k] == 0 ? -1 : ranks.rank(refIds[k]);
            }
            for (int k = 0; k < n; k++) {
                if (refRanks[k] >= 0) {
                    graph.set(write++, refRanks[k]);
                }
            }
            n = 0;
        }
        graph.set(entry + 1, (int) (write - entry - 2));
        at = write;
    }

    /** Makes sure {@code n} ints are free from {@link #at} on, claiming a new region of the graph when not. */
    private void room(long n) {
        if (at + n > end) {
            at = graph.claim(n);
            if (at < 0) {
                throw new GraphTooLarge();
            }
            end = at + Math.max(IntChunks.CHUNK, (n + IntChunks.CHUNK - 1) / IntChunks.CHUNK * IntChunks.CHUNK);
        }
    }

    /** The graph does not fit in 2^31 ints. */
    static final class GraphTooLarge extends RuntimeException {
        GraphTooLarge() {
            super(null, null, false, false);
        }
    }
}
