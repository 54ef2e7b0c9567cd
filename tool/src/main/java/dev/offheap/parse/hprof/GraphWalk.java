package dev.offheap.parse.hprof;

import dev.offheap.parse.hprof.HprofClasses.ClassInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A breadth-first walk from all GC roots at once over the edge file, so each reachable object's parent lies on a
 * shortest path from a root; {@link #holder} turns that path into text such as
 * {@code thread "io-3" -> java.lang.ThreadLocal$ThreadLocalMap -> … -> sun.nio.ch.Util$BufferCache -> java.nio.ByteBuffer[]}.
 */
final class GraphWalk implements AutoCloseable {
    private static final int MAX_PATH = 64;
    private final Reachability index;
    private final LongChunks raw;
    private final IntChunks offsets;
    private final HprofClasses classes;
    private final IntChunks parent = new IntChunks();
    private final long[] marked;
    private final Map<Integer, String> rootNames = new HashMap<>();
    private final Map<Integer, String> threadByRank = new HashMap<>();
    private final Map<Integer, String> rootThreads = new HashMap<>();

    GraphWalk(Reachability index, LongChunks raw, IntChunks offsets, HprofClasses classes) {
        this.index = index;
        this.raw = raw;
        this.offsets = offsets;
        this.classes = classes;
        parent.ensureSize(index.count());
        this.marked = new long[(index.count() + 63) >>> 6];
    }

    /** Whether the object with this id was reached. */
    boolean reached(long id) {
        int r = index.rank(id);
        return r >= 0 && (marked[r >>> 6] & (1L << r)) != 0;
    }

    /** Marks everything reachable from the roots (pairs of id and {@code subTag << 32 | threadSerial}). */
    void markFrom(LongList roots, Map<Long, String> threadNames) {
        Map<Integer, String> threadBySerial = new HashMap<>();
        for (int i = 0; i < roots.size(); i += 2) {
            int subTag = (int) (roots.get(i + 1) >>> 32);
            if (subTag == HprofTags.ROOT_THREAD_OBJECT) {
                threadBySerial.put((int) roots.get(i + 1), threadNames.get(roots.get(i)));
            }
        }
        threadNames.forEach((id, name) -> {
            int r = index.rank(id);
            if (r >= 0) {
                threadByRank.put(r, name);
            }
        });
        try (IntChunks queue = new IntChunks()) {
            queue.ensureSize(index.count());
            walk(roots, threadBySerial, queue);
        }
    }

    private void walk(LongList roots, Map<Integer, String> threadBySerial, IntChunks queue) {
        int tail = 0;
        for (int i = 0; i < roots.size(); i += 2) {
            int r = index.rank(roots.get(i));
            if (r >= 0 && (marked[r >>> 6] & (1L << r)) == 0) {
                marked[r >>> 6] |= 1L << r;
                parent.set(r, r);
                queue.set(tail++, r);
                int subTag = (int) (roots.get(i + 1) >>> 32);
                String thread = threadBySerial.get((int) roots.get(i + 1));
                rootNames.put(r, rootName(subTag, thread));
                if (thread != null) {
                    rootThreads.put(r, thread);
                }
            }
        }
        long[] marks = marked;
        for (int head = 0; head < tail; head++) {
            int r = queue.get(head);
            long at = offsets.get(r);
            long end = at + 3 + raw.get(at + 2);
            for (long k = at + 3; k < end; k++) {
                int t = index.rank(raw.get(k));
                if (t < 0) {
                    continue;
                }
                long bit = 1L << t;
                if ((marks[t >>> 6] & bit) == 0) {
                    marks[t >>> 6] |= bit;
                    parent.set(t, r);
                    queue.set(tail++, t);
                }
            }
        }
    }

    private static String rootName(int subTag, String thread) {
        String name = HprofTags.rootName(subTag);
        return thread == null || subTag == HprofTags.ROOT_THREAD_OBJECT ? name : name + " of thread \"" + thread + "\"";
    }

    /** The path from a root to (not including) a reachable object. */
    Reachability.Holder holder(int r) {
        List<Integer> path = new ArrayList<>();
        for (int p = parent.get(r), steps = 0; steps < MAX_PATH; p = parent.get(p), steps++) {
            path.add(0, p);
            if (parent.get(p) == p) {
                break;
            }
        }
        String thread = null;
        StringBuilder sb = new StringBuilder();
        String last = null;
        int repeats = 0;
        for (int i = 0; i < path.size(); i++) {
            int node = path.get(i);
            String name = describe(node, i == 0);
            if (thread == null) {
                thread = threadByRank.getOrDefault(node, rootThreads.get(node));
            }
            if (name.equals(last)) {
                repeats++;
                continue;
            }
            appendRepeats(sb, repeats);
            repeats = 0;
            sb.append(sb.length() > 0 ? " -> " : "").append(name);
            last = name;
        }
        appendRepeats(sb, repeats);
        return new Reachability.Holder(sb.toString(), thread);
    }

    private static void appendRepeats(StringBuilder sb, int repeats) {
        if (repeats > 0) {
            sb.append(" (x").append(repeats + 1).append(')');
        }
    }

    private String describe(int node, boolean root) {
        String thread = threadByRank.get(node);
        String name;
        int code = (int) raw.get(offsets.get(node) + 1L);
        if (thread != null) {
            name = "thread \"" + thread + "\"";
        } else if (code == Integer.MIN_VALUE) {
            name = "java.lang.Object[]";
        } else if (code < 0) {
            name = "class " + nameOf(classes.get(-code - 1));
        } else {
            name = nameOf(classes.get(code));
        }
        if (root && thread == null) {
            String rootName = rootNames.get(node);
            return rootName == null ? name : name + " (" + rootName + ")";
        }
        return name;
    }

    @Override
    public void close() {
        parent.close();
    }

    private String nameOf(ClassInfo c) {
        return c.name() != null ? c.name() : classes.className(c.dump.id());
    }
}
