package dev.offheap.testing;

import dev.offheap.parse.hprof.BasicType;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A heap dump built in code with the JDK classes the views look at (Buffer, DirectByteBuffer, Cleaner, Thread,
 * String, ClassLoader, Deflater …), laid out as HotSpot writes them. Ids are 8-aligned "addresses".
 */
public final class SyntheticHeap implements AutoCloseable {
    public final HprofWriter w;
    private final boolean classDumpsLast;
    private final List<Runnable> pendingClassDumps = new ArrayList<>();
    private final Map<String, Long> names = new HashMap<>();
    private long nextId;
    private int classSerial;
    private int threadSerial;

    public final Cls object, clazz, string, byteArray, objectArray, reference, phantom, cleaner, buffer, byteBuffer,
            mapped, direct, directR, deallocator, thread, classLoader, appLoader, deflater, deflaterRef, inflater,
            inflaterRef, memberName, bufferCache, delegatingLoader;

    /** A class: its id, name, super class and declared instance fields (name, type). */
    public final class Cls {
        public final long id;
        public final String name;
        final Cls sup;
        final String[] fieldNames;
        final BasicType[] types;

        Cls(long id, String name, Cls sup, String[] fieldNames, BasicType[] types) {
            this.id = id;
            this.name = name;
            this.sup = sup;
            this.fieldNames = fieldNames;
            this.types = types;
        }

        public int dataBytes() {
            int n = sup == null ? 0 : sup.dataBytes();
            for (BasicType t : types) {
                n += t.size(w.idSize());
            }
            return n;
        }
    }

    public SyntheticHeap(OutputStream out, int idSize, boolean classDumpsLast) {
        this.w = new HprofWriter(out, idSize);
        this.classDumpsLast = classDumpsLast;
        this.nextId = idSize == 8 ? 0x7_0000_0000L : 0x1000;
        object = define("java.lang.Object", null, 0);
        clazz = define("java.lang.Class", object, 0);
        string = define("java.lang.String", object, 0, "value:O", "coder:B", "hash:I");
        byteArray = define("[B", object, 0);
        objectArray = define("[Ljava/lang/Object;", object, 0);
        reference = define("java.lang.ref.Reference", object, 0, "referent:O", "queue:O", "next:O", "discovered:O");
        phantom = define("java.lang.ref.PhantomReference", reference, 0);
        cleaner = define("jdk.internal.ref.Cleaner", phantom, 0, "next:O", "prev:O", "thunk:O");
        buffer = define("java.nio.Buffer", object, 0, "mark:I", "position:I", "limit:I", "capacity:I", "address:J");
        byteBuffer = define("java.nio.ByteBuffer", buffer, 0, "hb:O", "offset:I", "isReadOnly:Z");
        mapped = define("java.nio.MappedByteBuffer", byteBuffer, 0, "fd:O");
        direct = define("java.nio.DirectByteBuffer", mapped, 0, "att:O", "cleaner:O");
        directR = define("java.nio.DirectByteBufferR", direct, 0);
        deallocator = define("java.nio.DirectByteBuffer$Deallocator", object, 0, "address:J", "size:J", "capacity:I");
        thread = define("java.lang.Thread", object, 0, "name:O", "tid:J", "threadLocals:O");
        classLoader = define("java.lang.ClassLoader", object, 0, "parent:O", "classes:O");
        appLoader = define("jdk.internal.loader.ClassLoaders$AppClassLoader", classLoader, 0);
        delegatingLoader = define("jdk.internal.reflect.DelegatingClassLoader", classLoader, 0);
        deflater = define("java.util.zip.Deflater", object, 0, "zsRef:O", "level:I");
        deflaterRef = define("java.util.zip.Deflater$DeflaterZStreamRef", object, 0, "address:J");
        inflater = define("java.util.zip.Inflater", object, 0, "zsRef:O");
        inflaterRef = define("java.util.zip.Inflater$InflaterZStreamRef", object, 0, "address:J");
        memberName = define("java.lang.invoke.MemberName", object, 0, "clazz:O", "name:O");
        bufferCache = define("sun.nio.ch.Util$BufferCache", object, 0, "buffers:O", "count:I", "start:I");
    }

    public long newId(int bytes) {
        long id = nextId;
        nextId += (Math.max(bytes, 16) + 7) & ~7L;
        return id;
    }

    private long name(String text) {
        return names.computeIfAbsent(text, t -> {
            long id = newId(16);
            w.utf8(id, t);
            return id;
        });
    }

    /** Defines a class; fields are "name:T" with T one of O Z B C S I J F D. */
    public Cls define(String name, Cls sup, long loaderId, String... fields) {
        long id = newId(64);
        w.loadClass(++classSerial, id, name(name.replace('.', '/')));
        String[] fieldNames = new String[fields.length];
        BasicType[] types = new BasicType[fields.length];
        long[][] declared = new long[fields.length][];
        for (int i = 0; i < fields.length; i++) {
            String[] p = fields[i].split(":");
            fieldNames[i] = p[0];
            types[i] = type(p[1].charAt(0));
            declared[i] = new long[] {name(p[0]), types[i].tag};
        }
        Cls c = new Cls(id, name, sup, fieldNames, types);
        Runnable dump = () -> w.classDump(id, sup == null ? 0 : sup.id, loaderId, c.dataBytes(), new long[0][], declared);
        if (classDumpsLast) {
            pendingClassDumps.add(dump);
        } else {
            dump.run();
        }
        return c;
    }

    private static BasicType type(char c) {
        return switch (c) {
            case 'O' -> BasicType.OBJECT;
            case 'Z' -> BasicType.BOOLEAN;
            case 'B' -> BasicType.BYTE;
            case 'C' -> BasicType.CHAR;
            case 'S' -> BasicType.SHORT;
            case 'I' -> BasicType.INT;
            case 'J' -> BasicType.LONG;
            case 'F' -> BasicType.FLOAT;
            default -> BasicType.DOUBLE;
        };
    }

    /** Writes an instance with the given field values by name (others 0) and returns its id. */
    public long instance(Cls c, Object... nameValues) {
        long id = newId(16 + c.dataBytes());
        instanceAt(id, c, nameValues);
        return id;
    }

    public void instanceAt(long id, Cls c, Object... nameValues) {
        ByteBuffer b = w.instance(id, c.id, c.dataBytes());
        for (Cls k = c; k != null; k = k.sup) {
            for (int i = 0; i < k.fieldNames.length; i++) {
                long v = 0;
                for (int j = 0; j < nameValues.length; j += 2) {
                    if (nameValues[j].equals(k.fieldNames[i])) {
                        v = ((Number) nameValues[j + 1]).longValue();
                    }
                }
                w.value(b, k.types[i], v);
            }
        }
    }

    public long objectArray(long... elements) {
        long id = newId(16 + elements.length * w.idSize());
        w.objectArray(id, objectArray.id, elements);
        return id;
    }

    public long bytes(byte[] data) {
        long id = newId(16 + data.length);
        w.primitiveArray(id, BasicType.BYTE, data.length, data);
        return id;
    }

    public long string(String text) {
        return instance(string, "value", bytes(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** An owning direct buffer with its Cleaner (whose referent is the buffer) linked from {@code cleanerList}. */
    public long directBuffer(int capacity) {
        long buf = newId(64);
        long dealloc = instance(deallocator, "capacity", capacity, "size", capacity);
        long cl = instance(cleaner, "referent", buf, "thunk", dealloc);
        instanceAt(buf, direct, "capacity", capacity, "limit", capacity, "cleaner", cl, "address", 0x10000L);
        cleaners.add(cl);
        return buf;
    }

    private final List<Long> cleaners = new ArrayList<>();

    /** Roots every Cleaner written so far, as the JDK's static Cleaner list does. */
    public void rootCleaners() {
        w.root(0x01, objectArray(cleaners.stream().mapToLong(Long::longValue).toArray()), 0);
    }

    public long slice(long base, int capacity) {
        return instance(direct, "capacity", capacity, "att", base);
    }

    /** A thread object with a name, as a ROOT THREAD OBJECT; returns its id. */
    public long thread(String name, long threadLocals) {
        long t = instance(thread, "name", string(name), "threadLocals", threadLocals);
        w.root(0x08, t, ++threadSerial);
        return t;
    }

    public long deflater(boolean ended) {
        return instance(deflater, "zsRef", instance(deflaterRef, "address", ended ? 0L : 0x5000L));
    }

    public long inflater(boolean ended) {
        return instance(inflater, "zsRef", instance(inflaterRef, "address", ended ? 0L : 0x6000L));
    }

    @Override
    public void close() {
        w.flushSegment();
        pendingClassDumps.forEach(Runnable::run);
        w.close();
    }
}
