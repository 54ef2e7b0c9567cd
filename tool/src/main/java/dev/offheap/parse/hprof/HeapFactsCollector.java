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
final class HeapFactsCollector implements HprofVisitor {
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

    final HprofClasses classes;
    private byte[] kinds = new byte[4096];
    long[] instanceCounts = new long[4096];
    final List<RawBuffer> buffers = new ArrayList<>();
    final Map<Long, Long> threadNames = new HashMap<>();
    final Map<Long, Long> fdPaths = new HashMap<>();
    final Map<Long, Long> zsRefAddresses = new HashMap<>();
    final List<long[]> zipStreams = new ArrayList<>();
    final Map<Long, Integer> loaders = new HashMap<>();
    final LongList strings = new LongList();
    final LongList smallArrays = new LongList();
    final LongList deferred = new LongList();
    long unknownClassInstances;
    private boolean finalRound;

    /** A direct buffer as read: class, capacity, cleaner set, attachment set (a view), file descriptor (0: none). */
    record RawBuffer(long id, int classIndex, long capacity, boolean owning, boolean view, long fdId) {
    }

    HeapFactsCollector(HprofClasses classes) {
        this.classes = classes;
    }

    void finalRound() {
        finalRound = true;
    }

    @Override
    public boolean wantsUtf8() {
        return true;
    }

    @Override
    public void utf8(long id, String text) {
        classes.utf8(id, text);
    }

    @Override
    public void loadClass(int serial, long classId, long nameId) {
        classes.loadClass(serial, classId, nameId);
    }

    @Override
    public void classDump(ClassDump c) {
        classes.classDump(c);
    }

    @Override
    public void primitiveArray(long id, BasicType type, int length, HprofInput in) {
        if ((type == BasicType.BYTE || type == BasicType.CHAR) && length <= SMALL_ARRAY) {
            smallArrays.add(id);
            smallArrays.add(in.position());
            smallArrays.add(((long) type.tag << 32) | length);
        }
    }

    @Override
    public void instance(long id, long classId, int length, HprofInput in) {
        ClassInfo c = classes.resolved(classId);
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
            case STRING -> {
                strings.add(id);
                strings.add(field(in, data, c, "value"));
                strings.add(field(in, data, c, "coder"));
            }
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
