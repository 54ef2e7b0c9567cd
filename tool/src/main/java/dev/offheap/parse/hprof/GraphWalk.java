package dev.offheap.parse.hprof;

import dev.offheap.parse.hprof.HprofClasses.ClassInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A breadth-first walk from all GC roots at once over the compact graph, so each reachable object's parent lies on a
 * shortest path from a root; {@link #findHolders} turns that path into text such as
 * {@code thread "io-3" -> java.lang.ThreadLocal$ThreadLocalMap -> … -> sun.nio.ch.Util$BufferCache -> java.nio.ByteBuffer[]}.
 * A node is the rank of its object ({@link IdRanks}); its entry in the graph starts where {@code starts} says.
 */
final class GraphWalk implements AutoCloseable {
    /** Levels at least this large are walked on all processors (-Doffheap.parallelLevel=N changes it, for checks). */
    private static final int PARALLEL_LEVEL = Integer.getInteger("offheap.parallelLevel", 1 << 16);
    private final IdRanks ranks;
    private final IntChunks starts;
    private final IntChunks graph;
    private final HprofClasses classes;
    /** The nodes in the order the walk reached them, and for each the queue index of its parent (a root: its own). */
    private final IntChunks queue = new IntChunks();
    private final IntChunks parents = new IntChunks();
    /** The parts of large levels after the first, one per helper thread. */
    private final WalkPart[] helpers;
    private int reached;
    /** One bit per node. */
    private final long[] marked;
    /** By class index: the node of the class, which its instances and arrays reference first (not stored). */
    private final int[] classNodes;
    private final Map<Integer, String> rootNames = new HashMap<>();
    private final Map<Integer, String> threadByNode = new HashMap<>();
    private final Map<Integer, String> rootThreads = new HashMap<>();

    /** {@code starts}: by node, where its entry starts in {@code graph}, or -1 when it has none (a truncated dump). */
    GraphWalk(IdRanks ranks, IntChunks starts, IntChunks graph, HprofClasses classes) {
        this.ranks = ranks;
        this.starts = starts;
        this.graph = graph;
        this.classes = classes;
        this.marked = new long[(ranks.count() + 63) >>> 6];
        this.helpers = new WalkPart[Parallel.parts() - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new WalkPart(marked.length);
        }
        this.classNodes = new int[classes.count()];
        for (int i = 0; i < classNodes.length; i++) {
            classNodes[i] = node(classes.get(i).dump.id());
        }
    }

    /** The node of an object id, or -1 when the id is no object of the graph. */
    private int node(long id) {
        return ranks.rank(id);
    }

    private boolean isMarked(int node) {
        return (marked[node >>> 6] & (1L << node)) != 0;
    }

    /** The class code of a node's entry (see {@link GraphWriter}). */
    private int code(int node) {
        int at = starts.get(node);
        return at < 0 ? GraphWriter.UNKNOWN_INSTANCE : graph.get(at);
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
            int node = node(id);
            if (node >= 0) {
                threadByNode.put(node, name);
            }
        });
        queue.ensureSize(ranks.count());
        parents.ensureSize(ranks.count());
        int tail = 0;
        for (int i = 0; i < roots.size(); i += 2) {
            int node = node(roots.get(i));
            if (node >= 0 && !isMarked(node)) {
                marked[node >>> 6] |= 1L << node;
                parents.set(tail, tail);
                queue.set(tail++, node);
                int subTag = (int) (roots.get(i + 1) >>> 32);
                String thread = threadBySerial.get((int) roots.get(i + 1));
                rootNames.put(node, rootName(subTag, thread));
                if (thread != null) {
                    rootThreads.put(node, thread);
                }
            }
        }
        reached = walk(tail);
    }

    /**
     * Breadth first from the roots in the queue, level by level, so each object's parent lies on a shortest path
     * from a root. (Walking each level in rank order, as a bitmap, was tried and was not faster: the large levels are
     * spread over the whole dump, so that reads most of the graph per level.)
     */
    private int walk(int roots) {
        int lo = 0;
        int hi = roots;
        int levels = 0;
        long t0 = System.nanoTime();
        while (lo < hi) {
            int next = level(lo, hi);
            lo = hi;
            hi = next;
            levels++;
        }
        if (Boolean.getBoolean("offheap.timing")) {
            System.err.printf("walk: %d levels, %d ms wall%n", levels, (System.nanoTime() - t0) / 1_000_000);
        }
        return hi;
    }

    /**
     * Walks the level at queue indexes {@code lo..hi-1}, appends the next level at {@code hi}, gives its end. A large
     * level is split: its first part is walked in this thread while helpers walk the others ({@link WalkPart}),
     * whose finds are queued after, in order; random reads of memory scale with the processors when they are idle.
     */
    private int level(int lo, int hi) {
        int parts = hi - lo >= PARALLEL_LEVEL ? helpers.length + 1 : 1;
        if (parts == 1) {
            return walkFirst(lo, hi, hi);
        }
        int[] tail = new int[1];
        Parallel.forParts(parts, p -> {
            int from = lo + (int) ((long) (hi - lo) * p / parts);
            int to = lo + (int) ((long) (hi - lo) * (p + 1) / parts);
            if (p == 0) {
                tail[0] = walkFirst(from, to, hi);
            } else {
                helpers[p - 1].walk(queue, starts, graph, classNodes, marked, from, to);
            }
        });
        for (int p = 1; p < parts; p++) {
            tail[0] = helpers[p - 1].merge(marked, queue, parents, tail[0]);
        }
        return tail[0];
    }

    /**
     * Walks the queue indexes {@code from..to-1} in this thread, queueing what they reach first from {@code tail} on,
     * and gives the new end. The nodes are taken in batches ({@link WalkPart#gather}). An instance or array of a
     * dumped class reaches its class first, as if the reference were stored.
     */
    private int walkFirst(int from, int to, int tail) {
        long[] marks = marked;
        long[] at = new long[WalkPart.BATCH];
        int[] counts = new int[WalkPart.BATCH];
        int[] codes = new int[WalkPart.BATCH];
        for (int head = from; head < to; ) {
            int batch = Math.min(WalkPart.BATCH, to - head);
            WalkPart.gather(queue, starts, graph, head, batch, at, codes, counts);
            for (int i = 0; i < batch; i++, head++) {
                if (codes[i] >= 0) {
                    int t = classNodes[codes[i]];
                    if (t >= 0 && (marks[t >>> 6] & (1L << t)) == 0) {
                        marks[t >>> 6] |= 1L << t;
                        parents.set(tail, head);
                        queue.set(tail++, t);
                    }
                }
                for (long k = at[i] + 2, end = k + counts[i]; k < end; k++) {
                    int t = graph.get(k);
                    long bit = 1L << t;
                    if ((marks[t >>> 6] & bit) == 0) {
                        marks[t >>> 6] |= bit;
                        parents.set(tail, head);
                        queue.set(tail++, t);
                    }
                }
            }
        }
        return tail;
    }

    /** Puts the holder of each reached target id into {@code holders}. */
    void findHolders(long[] targets, Map<Long, Reachability.Holder> holders) {
        long[] wanted = new long[marked.length];
        for (long id : targets) {
            int node = node(id);
            if (node >= 0 && isMarked(node)) {
                wanted[node >>> 6] |= 1L << node;
            }
        }
        Map<Integer, Integer> found = new HashMap<>();
        for (int q = 0; q < reached; q++) {
            int node = queue.get(q);
            if ((wanted[node >>> 6] & (1L << node)) != 0) {
                found.put(node, q);
            }
        }
        for (long id : targets) {
            Integer q = found.get(node(id));
            if (q != null) {
                holders.put(id, holder(q));
            }
        }
    }

    private static String rootName(int subTag, String thread) {
        String name = HprofTags.rootName(subTag);
        return thread == null || subTag == HprofTags.ROOT_THREAD_OBJECT ? name : name + " of thread \"" + thread + "\"";
    }

    /** The path from a root to (not including) the reached object at queue position {@code q}: all of it. */
    private Reachability.Holder holder(int q) {
        List<Integer> path = new ArrayList<>();
        for (int p = parents.get(q); path.size() <= reached; p = parents.get(p)) {
            path.add(queue.get(p));
            if (parents.get(p) == p) {
                break;
            }
        }
        java.util.Collections.reverse(path);
        String thread = null;
        StringBuilder sb = new StringBuilder();
        String last = null;
        int repeats = 0;
        int lastCode = 0;
        boolean lastPlain = false;
        for (int i = 0; i < path.size(); i++) {
            int node = path.get(i);
            if (thread == null) {
                thread = threadByNode.getOrDefault(node, rootThreads.get(node));
            }
            // a node that is neither the root nor a thread is named by its class code alone: long chains of the
            // same class are counted without naming each link
            boolean plain = i > 0 && !threadByNode.containsKey(node);
            int code = code(node);
            boolean same = plain && lastPlain && code == lastCode;
            lastPlain = plain;
            lastCode = code;
            String name = same ? last : describe(node, i == 0);
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
        String thread = threadByNode.get(node);
        String name;
        int code = code(node);
        if (thread != null) {
            name = "thread \"" + thread + "\"";
        } else if (code == GraphWriter.UNKNOWN_ARRAY) {
            name = "java.lang.Object[]";
        } else if (code == GraphWriter.UNKNOWN_INSTANCE) {
            name = "java.lang.Object";
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
        queue.close();
        parents.close();
        for (WalkPart h : helpers) {
            h.close();
        }
    }

    private String nameOf(ClassInfo c) {
        return c.name() != null ? c.name() : classes.className(c.dump.id());
    }
}
