package dev.offheap.parse.hprof;

import dev.offheap.model.InputException;
import dev.offheap.parse.hprof.HprofClasses.ClassInfo;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which objects are reachable from the GC roots, ignoring {@code Reference.referent}, and the shortest path that
 * holds each target. Object ids become dense ranks through a bitmap over the id range plus a rank directory (ids are
 * aligned addresses in HotSpot dumps); a second pass writes each object's references as ranks into a memory-mapped
 * edge file; then a breadth-first walk marks from the roots. Work files live in a private directory.
 */
final class Reachability implements AutoCloseable {
    private final HprofFile file;
    private final HprofClasses classes;
    private final PrivateTempDir dir;
    private final BigLongs ids;
    private final LongList roots = new LongList();
    private long minId = Long.MAX_VALUE;
    private long maxId = Long.MIN_VALUE;
    private long idBits;
    private int shift;
    private long[] exist;
    private int[] rankOf;
    private int count;
    private final Map<Long, Holder> holders = new HashMap<>();

    /** The path from a GC root to a reachable target, and the thread on it (null when none). */
    record Holder(String path, String thread) {
    }

    Reachability(HprofFile file, HprofClasses classes, Path tempParent) {
        this.file = file;
        this.classes = classes;
        this.dir = PrivateTempDir.create(tempParent, "offheap-reach");
        this.ids = new BigLongs(dir.path(), "ids");
    }

    /** Collects object ids and roots during the views pass. */
    HprofVisitor idCollector() {
        return new HprofVisitor() {
            @Override
            public void root(int subTag, long id, int threadSerial) {
                roots.add(id);
                roots.add(((long) subTag << 32) | (threadSerial & 0xFFFF_FFFFL));
            }

            @Override
            public void classDump(ClassDump c) {
                addId(c.id());
            }

            @Override
            public void instance(long id, long classId, int length, HprofInput in) {
                addId(id);
            }

            @Override
            public void objectArray(long id, long arrayClassId, int length, HprofInput in) {
                addId(id);
            }
        };
    }

    private void addId(long id) {
        ids.add(id);
        minId = Math.min(minId, id);
        maxId = Math.max(maxId, id);
        idBits |= id;
    }

    Map<Long, Holder> holders() {
        return holders;
    }

    /** Builds the graph, walks it, and finds the holders of {@code targets}; returns the reference pass's walk. */
    HprofReader.Walk compute(HprofReader reader, long[] targets, Map<Long, String> threadNames) {
        buildRanks();
        try (BigInts edges = new BigInts(dir.path(), "edges"); BigLongs offsets = new BigLongs(dir.path(), "offsets");
             BigInts classOf = new BigInts(dir.path(), "classes")) {
            if (count > 0) {
                offsets.set(count - 1, 0);
                classOf.set(count - 1, 0);
            }
            edges.add(0);
            HprofReader.Walk walk = reader.walk(new ReferencePass(this, classes, edges, offsets, classOf));
            try (GraphWalk g = new GraphWalk(this, edges, offsets, classOf, classes, dir.path())) {
                g.markFrom(roots, threadNames);
                for (long t : targets) {
                    int r = rank(t);
                    if (r >= 0 && g.marked(r)) {
                        holders.put(t, g.holder(r));
                    }
                }
            }
            return walk;
        }
    }

    private void buildRanks() {
        long n = ids.size();
        if (n == 0) {
            exist = new long[0];
            rankOf = new int[0];
            return;
        }
        shift = Math.min(3, Long.numberOfTrailingZeros(idBits));
        long slots = ((maxId - minId) >>> shift) + 1;
        long words = (slots + 63) >>> 6;
        if (words > Integer.MAX_VALUE - 16 || n > Integer.MAX_VALUE - 16) {
            throw new InputException(file.source() + ": object ids span 0x" + Long.toHexString(minId) + "..0x"
                    + Long.toHexString(maxId) + ", too wide for the reachability index; run without --reachability");
        }
        exist = new long[(int) words];
        for (long i = 0; i < n; i++) {
            long slot = (ids.get(i) - minId) >>> shift;
            exist[(int) (slot >>> 6)] |= 1L << slot;
        }
        ids.close();
        rankOf = new int[(int) words];
        int r = 0;
        for (int w = 0; w < exist.length; w++) {
            rankOf[w] = r;
            r += Long.bitCount(exist[w]);
        }
        count = r;
    }

    int count() {
        return count;
    }

    /** The dense rank of an object id, or -1 when the id is no object of the dump (null, a primitive array). */
    int rank(long id) {
        if (id < minId || id > maxId) {
            return -1;
        }
        long slot = (id - minId) >>> shift;
        if (((id - minId) & ((1L << shift) - 1)) != 0) {
            return -1;
        }
        int w = (int) (slot >>> 6);
        long word = exist[w];
        long bit = 1L << slot;
        if ((word & bit) == 0) {
            return -1;
        }
        return rankOf[w] + Long.bitCount(word & (bit - 1));
    }


    @Override
    public void close() {
        ids.close();
        dir.close();
    }
}
