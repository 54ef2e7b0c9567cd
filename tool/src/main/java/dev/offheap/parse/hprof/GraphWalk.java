package dev.offheap.parse.hprof;

import dev.offheap.parse.hprof.HprofClasses.ClassInfo;
import java.nio.file.Path;
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
    private final BigInts edges;
    private final BigLongs offsets;
    private final BigInts classOf;
    private final HprofClasses classes;
    private final BigInts parent;
    private final long[] marked;
    private final Map<Integer, String> rootNames = new HashMap<>();
    private final Map<Integer, String> threadByRank = new HashMap<>();
    private final Map<Integer, String> rootThreads = new HashMap<>();
    private final Path dir;

    GraphWalk(Reachability index, BigInts edges, BigLongs offsets, BigInts classOf, HprofClasses classes, Path dir) {
        this.index = index;
        this.edges = edges;
        this.offsets = offsets;
        this.classOf = classOf;
        this.classes = classes;
        this.dir = dir;
        this.parent = new BigInts(dir, "parents");
        this.marked = new long[(index.count() + 63) >>> 6];
    }

    boolean marked(int r) {
        return (marked[r >>> 6] & (1L << r)) != 0;
    }

    private boolean mark(int r) {
        long bit = 1L << r;
        if ((marked[r >>> 6] & bit) != 0) {
            return false;
        }
        marked[r >>> 6] |= bit;
        return true;
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
        try (BigInts queue = new BigInts(dir, "queue")) {
            for (int i = 0; i < roots.size(); i += 2) {
                int r = index.rank(roots.get(i));
                if (r >= 0 && mark(r)) {
                    parent.set(r, r);
                    queue.add(r);
                    int subTag = (int) (roots.get(i + 1) >>> 32);
                    String thread = threadBySerial.get((int) roots.get(i + 1));
                    rootNames.put(r, rootName(subTag, thread));
                    if (thread != null) {
                        rootThreads.put(r, thread);
                    }
                }
            }
            for (long head = 0; head < queue.size(); head++) {
                int r = queue.get(head);
                long at = offsets.get(r);
                int n = edges.get(at);
                for (int k = 1; k <= n; k++) {
                    int t = edges.get(at + k);
                    if (mark(t)) {
                        parent.set(t, r);
                        queue.add(t);
                    }
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
        int code = classOf.get(node);
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

    private String nameOf(ClassInfo c) {
        return c.name() != null ? c.name() : classes.className(c.dump.id());
    }

    @Override
    public void close() {
        parent.close();
    }
}
