package dev.offheap.parse.hprof;

import dev.offheap.parse.hprof.HprofClasses.ClassInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The views pass: decodes only the instances that matter off-heap (direct buffers, threads, strings, file channels,
 * zip streams, class loaders) and counts the others per class. An instance whose class is not dumped yet is
 * remembered by offset and visited again after the walk (class dumps may follow instances).
 */
final class HeapFactsCollector extends ClassesVisitor implements AutoCloseable {
    static final byte OTHER = 1;
    static final byte DIRECT_BUFFER = 2;
    static final byte THREAD = 3;
    static final byte STRING = 4;
    static final byte FILE_HOLDER = 5;
    static final byte DEFLATER = 6;
    static final byte INFLATER = 7;
    static final byte ZSTREAM_REF = 8;
    static final byte LOADER = 9;
    private static final int SMALL_ARRAY = 4096;
    /** The bit of a {@link #smallArrays} entry that says char[] (below it: the length, above it: the offset). */
    private static final long CHARS = 1L << 19;

    private byte[] kinds = new byte[4096];
    long[] instanceCounts = new long[4096];
    final List<RawBuffer> buffers = new ArrayList<>();
    final Map<Long, Long> threadNames = new HashMap<>();
    final Map<Long, Long> fdPaths = new HashMap<>();
    final Map<Long, Long> zsRefAddresses = new HashMap<>();
    final List<long[]> zipStreams = new ArrayList<>();
    final Map<Long, Integer> loaders = new HashMap<>();
    /**
     * Every String as (id, value id << 1 | coder) and every small byte/char array as (id, offset << 20 | char bit <<
     * 19 | length): the few names the views need are known only at the end, and a String may come before or after
     * what names it. Native, two longs each: a dump of millions of strings costs no collections and little memory.
     */
    final LongChunks strings = new LongChunks();
    final LongChunks smallArrays = new LongChunks();
    /** By class index of a String class: the offsets of value and coder in its instances (-1: none), once found. */
    private int[] stringFields = new int[0];
    /** The classes of recent instances by class id (direct-mapped): most instances are of a few classes at a time. */
    private static final int CLASS_CACHE = 256;
    private final long[] cachedIds = new long[CLASS_CACHE];
    private final ClassInfo[] cachedClasses = new ClassInfo[CLASS_CACHE];
    final LongList deferred = new LongList();
    long unknownClassInstances;
    private boolean finalRound;

    /** A direct buffer as read: class, capacity, cleaner set, attachment set (a view), file descriptor (0: none). */
    record RawBuffer(long id, int classIndex, long capacity, boolean owning, boolean view, long fdId) {
    }

    HeapFactsCollector(HprofClasses classes) {
        super(classes);
    }

    /** Gives back the memory of the strings and small arrays (again: no harm). */
    @Override
    public void close() {
        strings.close();
        smallArrays.close();
    }

    void finalRound() {
        finalRound = true;
    }

    @Override
    public void primitiveArray(long id, BasicType type, int length, HprofInput in) {
        if ((type == BasicType.BYTE || type == BasicType.CHAR) && length <= SMALL_ARRAY) {
            smallArrays.add(id, in.position() << 20 | (type == BasicType.CHAR ? CHARS : 0) | length);
        }
    }

    @Override
    public void instance(long id, long classId, int length, HprofInput in) {
        int slot = (int) (classId >>> 3) & (CLASS_CACHE - 1);
        ClassInfo c = cachedIds[slot] == classId ? cachedClasses[slot] : classes.resolved(classId);
        if (c != null) {
            cachedIds[slot] = classId;
            cachedClasses[slot] = c;
        }
        if (c == null) {
            if (finalRound) {
                unknownClassInstances++;
            } else {
                deferred.add(in.recordStart());
            }
            return;
        }
        long data = in.position();
        int ci = c.index;
        if (ci >= kinds.length) {
            kinds = java.util.Arrays.copyOf(kinds, Math.max(ci + 1, kinds.length * 2));
            instanceCounts = java.util.Arrays.copyOf(instanceCounts, kinds.length);
        }
        instanceCounts[ci]++;
        byte kind = kinds[ci];
        if (kind == 0) {
            kind = kindOf(c);
            kinds[ci] = kind;
        }
        if (kind != OTHER) {
            decode(kind, id, c, in, data);
        }
    }

    private void decode(byte kind, long id, ClassInfo c, HprofInput in, long data) {
        switch (kind) {
            case DIRECT_BUFFER -> buffers.add(new RawBuffer(id, c.index, field(in, data, c, "capacity"),
                    field(in, data, c, "cleaner") != 0, field(in, data, c, "att") != 0, field(in, data, c, "fd")));
            case THREAD -> threadNames.put(id, field(in, data, c, "name"));
            case STRING -> string(id, c, in, data);
            case FILE_HOLDER -> {
                long fd = field(in, data, c, "fd");
                long path = field(in, data, c, "path");
                if (fd != 0 && path != 0) {
                    fdPaths.putIfAbsent(fd, path);
                }
            }
            case DEFLATER, INFLATER -> zipStreams.add(new long[] {kind, field(in, data, c, "zsRef")});
            case ZSTREAM_REF -> zsRefAddresses.put(id, field(in, data, c, "address"));
            case LOADER -> loaders.put(id, c.index);
            default -> {
            }
        }
    }

    /** Notes a String: its value array and coder (JDK 9+; 0 on JDK 8, whose value is a char[]). */
    private void string(long id, ClassInfo c, HprofInput in, long data) {
        int ci = c.index;
        if (ci * 2 + 1 >= stringFields.length) {
            int old = stringFields.length;
            stringFields = java.util.Arrays.copyOf(stringFields, Math.max(ci * 2 + 2, old * 2));
            java.util.Arrays.fill(stringFields, old, stringFields.length, Integer.MIN_VALUE);
        }
        if (stringFields[ci * 2] == Integer.MIN_VALUE) {
            int value = c.layout().field("value");
            int coder = c.layout().field("coder");
            stringFields[ci * 2] = value < 0 || c.layout().type(value) != BasicType.OBJECT ? -1 : c.layout().offset(value);
            stringFields[ci * 2 + 1] = coder < 0 || c.layout().type(coder) != BasicType.BYTE ? -1 : c.layout().offset(coder);
        }
        int valueAt = stringFields[ci * 2];
        int coderAt = stringFields[ci * 2 + 1];
        if (valueAt < 0) {
            return;
        }
        long value = in.idAt(data + valueAt);
        int coder = 0;
        if (coderAt >= 0) {
            in.seek(data + coderAt);
            coder = in.u1() & 1;
        }
        strings.add(id, value << 1 | coder);
    }

    /** Of a String's entry in {@link #strings}: its value array's id. */
    static long stringValue(long packed) {
        return packed >>> 1;
    }

    /** Of a String's entry in {@link #strings}: its coder (1: UTF-16). */
    static int stringCoder(long packed) {
        return (int) (packed & 1);
    }

    /** Of an array's entry in {@link #smallArrays}: where its elements start in the file. */
    static long arrayOffset(long packed) {
        return packed >>> 20;
    }

    static boolean arrayOfChars(long packed) {
        return (packed & CHARS) != 0;
    }

    static int arrayLength(long packed) {
        return (int) (packed & (CHARS - 1));
    }

    /** The value of the named field (raw bits), 0 when the class has no such field. */
    private static long field(HprofInput in, long data, ClassInfo c, String name) {
        int f = c.layout().field(name);
        if (f < 0) {
            return 0;
        }
        in.seek(data + c.layout().offset(f));
        return in.value(c.layout().type(f));
    }

    private static byte kindOf(ClassInfo c) {
        String n = c.name();
        if (n.startsWith("java.nio.Direct") && c.isSubclassOf("java.nio.Buffer")) {
            return DIRECT_BUFFER;
        }
        return switch (n) {
            case "java.lang.String" -> STRING;
            case "sun.nio.ch.FileChannelImpl", "java.io.RandomAccessFile", "java.io.FileInputStream",
                    "java.io.FileOutputStream" -> FILE_HOLDER;
            case "java.util.zip.ZStreamRef", "java.util.zip.Deflater$DeflaterZStreamRef",
                    "java.util.zip.Inflater$InflaterZStreamRef" -> ZSTREAM_REF;
            default -> c.isSubclassOf("java.lang.Thread") ? THREAD
                    : c.isSubclassOf("java.util.zip.Deflater") ? DEFLATER
                    : c.isSubclassOf("java.util.zip.Inflater") ? INFLATER
                    : c.isSubclassOf("java.lang.ClassLoader") ? LOADER : OTHER;
        };
    }
}
