package dev.offheap.parse.hprof;

import static dev.offheap.parse.hprof.HprofTags.*;

import dev.offheap.model.ParseWarning;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming reader of HPROF records and heap dump sub-records in file order, calling an {@link HprofVisitor}.
 * Lenient per record: an unknown sub-record tag, an invalid type byte or a sub-record that passes the end of its
 * segment skips the rest of the segment; a file that ends inside a record stops the walk. Each makes the result
 * partial, with a warning that gives the byte offset.
 */
public final class HprofReader {
    private static final int BUFFER_BYTES = 4 << 20;
    private final HprofFile file;

    public HprofReader(HprofFile file) {
        this.file = file;
    }

    /** The outcome of one walk: whether it saw the whole file, and why not. */
    public record Walk(boolean partial, List<ParseWarning> warnings) {
    }

    public Walk walk(HprofVisitor v) {
        HprofInput in = file.input(BUFFER_BYTES);
        List<ParseWarning> warnings = new ArrayList<>();
        records(in, file.size(), v, warnings);
        return new Walk(!warnings.isEmpty(), warnings);
    }

    /**
     * Visits the sub-records from {@code from}, inside a heap dump segment that ends at {@code segmentEnd}, up to
     * {@code to} (a sub-record start noted by an earlier walk, or the file size), with an input of the caller's.
     * Records after the segment are read as in {@link #walk}, without warnings (that walk gives them).
     */
    void walkPart(HprofInput in, long from, long segmentEnd, long to, HprofVisitor v) {
        List<ParseWarning> ignored = new ArrayList<>();
        in.seek(from);
        try {
            segment(in, Math.min(segmentEnd, to), v, ignored);
        } catch (HprofEndOfFile e) {
            return;
        }
        if (segmentEnd < to) {
            in.seek(segmentEnd);
            records(in, to, v, ignored);
        }
    }

    /** Reads the records from the input's position while it is below {@code to}. */
    private void records(HprofInput in, long to, HprofVisitor v, List<ParseWarning> warnings) {
        long size = file.size();
        long recordStart = in.position();
        try {
            while (in.position() < to) {
                recordStart = in.position();
                int tag = in.u1();
                in.i4();
                long length = in.u4();
                long end = in.position() + length;
                switch (tag) {
                    case UTF8 -> {
                        if (v.wantsUtf8()) {
                            long id = in.id();
                            v.utf8(id, new String(in.bytes(length - in.idSize()), StandardCharsets.UTF_8));
                        }
                    }
                    case LOAD_CLASS -> {
                        int serial = in.i4();
                        long classId = in.id();
                        in.i4();
                        v.loadClass(serial, classId, in.id());
                    }
                    case HEAP_DUMP, HEAP_DUMP_SEGMENT -> {
                        v.heapDumpSegment(end);
                        // a segment that the end of the file cuts is reported once, below, as a truncated dump
                        segment(in, Math.min(end, to), v, end > size ? new ArrayList<>() : warnings);
                    }
                    default -> {
                    }
                }
                if (end > to && to < size) {
                    return;
                }
                in.seek(end);
                if (end > size) {
                    throw new HprofEndOfFile(end);
                }
            }
        } catch (HprofEndOfFile e) {
            warnings.add(new ParseWarning(file.source(), 0, "byte " + size + ": file ends inside the record that"
                    + " starts at byte " + recordStart + " (truncated dump); results are partial"));
        }
    }

    private void segment(HprofInput in, long end, HprofVisitor v, List<ParseWarning> warnings) {
        while (in.position() < end) {
            long at = in.position();
            String bad = subRecord(in, in.u1(), end, v);
            if (bad != null) {
                warnings.add(new ParseWarning(file.source(), 0, "byte " + at + ": " + bad + " (corrupted dump?);"
                        + " skipped the rest of the segment, " + (end - at) + " bytes; results are partial"));
                in.seek(end);
                return;
            }
        }
    }

    /** Reads the one sub-record that starts at {@code offset} (found by an earlier walk). */
    public void visitSubRecordAt(long offset, HprofVisitor v) {
        HprofInput in = file.input(1 << 16);
        in.seek(offset);
        subRecord(in, in.u1(), file.size(), v);
    }

    /**
     * Reads one sub-record after its tag, in a segment that ends at {@code end}; gives null, or why it is not read:
     * its tag is unknown, a type byte is invalid, or it passes the segment's end. A sub-record that passes the end is
     * not visited, so every walk (a whole one, or over parts) stops at the same place whatever it reads of it.
     */
    private static String subRecord(HprofInput in, int sub, long end, HprofVisitor v) {
        in.markRecord(in.position() - 1);
        switch (sub) {
            case ROOT_UNKNOWN, ROOT_STICKY_CLASS, ROOT_MONITOR_USED, ROOT_JNI_GLOBAL, ROOT_JNI_LOCAL, ROOT_JAVA_FRAME,
                 ROOT_THREAD_OBJECT, ROOT_NATIVE_STACK, ROOT_THREAD_BLOCK -> {
                long id = in.id();
                int thread = switch (sub) {
                    case ROOT_JNI_GLOBAL -> {
                        in.id();
                        yield 0;
                    }
                    case ROOT_JNI_LOCAL, ROOT_JAVA_FRAME, ROOT_THREAD_OBJECT -> {
                        int serial = in.i4();
                        in.i4();
                        yield serial;
                    }
                    case ROOT_NATIVE_STACK, ROOT_THREAD_BLOCK -> in.i4();
                    default -> 0;
                };
                if (in.position() > end) {
                    return cut(in, sub, end);
                }
                v.root(sub, id, thread);
            }
            case CLASS_DUMP -> {
                ClassDump c = classDump(in);
                if (c == null) {
                    return "a class dump with an invalid type byte";
                }
                if (in.position() > end) {
                    return cut(in, sub, end);
                }
                v.classDump(c);
            }
            case INSTANCE_DUMP -> {
                long id = in.id();
                in.i4();
                long classId = in.id();
                int length = in.i4();
                long next = in.position() + (length & 0xFFFF_FFFFL);
                if (next > end) {
                    return cut(in, sub, end);
                }
                v.instance(id, classId, length, in);
                in.seek(next);
            }
            case OBJECT_ARRAY_DUMP -> {
                long id = in.id();
                in.i4();
                int length = in.i4();
                long classId = in.id();
                long next = in.position() + (length & 0xFFFF_FFFFL) * in.idSize();
                if (next > end) {
                    return cut(in, sub, end);
                }
                v.objectArray(id, classId, length, in);
                in.seek(next);
            }
            case PRIMITIVE_ARRAY_DUMP -> {
                long id = in.id();
                in.i4();
                int length = in.i4();
                BasicType type = BasicType.of(in.u1());
                if (type == null || type == BasicType.OBJECT) {
                    return "a primitive array of invalid type";
                }
                long next = in.position() + (length & 0xFFFF_FFFFL) * type.size(in.idSize());
                if (next > end) {
                    return cut(in, sub, end);
                }
                v.primitiveArray(id, type, length, in);
                in.seek(next);
            }
            default -> {
                return "unknown heap dump sub-record tag 0x" + Integer.toHexString(sub);
            }
        }
        return null;
    }

    private static String cut(HprofInput in, int sub, long end) {
        return "a sub-record of tag 0x" + Integer.toHexString(sub) + " passes byte " + end + ", the end of its "
                + (end >= in.size() ? "file" : "segment");
    }

    private static ClassDump classDump(HprofInput in) {
        long id = in.id();
        in.i4();
        long superId = in.id();
        long loader = in.id();
        long signers = in.id();
        long domain = in.id();
        in.id();
        in.id();
        int instanceSize = in.i4();
        int cpCount = in.u2();
        long[] cpRefs = new long[cpCount];
        int refs = 0;
        for (int i = 0; i < cpCount; i++) {
            in.u2();
            BasicType t = BasicType.of(in.u1());
            if (t == null) {
                return null;
            }
            long value = in.value(t);
            if (t == BasicType.OBJECT && value != 0) {
                cpRefs[refs++] = value;
            }
        }
        List<ClassDump.Field> statics = fields(in, true);
        List<ClassDump.Field> fields = statics == null ? null : fields(in, false);
        if (fields == null) {
            return null;
        }
        return new ClassDump(id, superId, loader, signers, domain, instanceSize, statics, fields,
                java.util.Arrays.copyOf(cpRefs, refs));
    }

    private static List<ClassDump.Field> fields(HprofInput in, boolean withValues) {
        int count = in.u2();
        List<ClassDump.Field> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long name = in.id();
            BasicType t = BasicType.of(in.u1());
            if (t == null) {
                return null;
            }
            out.add(new ClassDump.Field(name, t, withValues ? in.value(t) : 0));
        }
        return out;
    }
}
