package dev.offheap.testing;

import dev.offheap.parse.hprof.BasicType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes HPROF records (JAVA PROFILE 1.0.2) for tests and the benchmark generator: top-level records straight to
 * the stream, heap dump sub-records into HEAP DUMP SEGMENTs of about 8 MiB.
 */
public final class HprofWriter implements AutoCloseable {
    private static final int SEGMENT_BYTES = 8 << 20;
    private final OutputStream out;
    private final int idSize;
    private final ByteBuffer record = ByteBuffer.allocate(1 << 16);
    private ByteBuffer segment = ByteBuffer.allocate(SEGMENT_BYTES + (1 << 20));
    private long written;

    public HprofWriter(OutputStream out, int idSize) {
        this.out = out;
        this.idSize = idSize;
        byte[] magic = "JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.US_ASCII);
        write(magic, magic.length);
        record.clear().putInt(idSize).putLong(System.currentTimeMillis());
        write(record.array(), record.position());
    }

    public int idSize() {
        return idSize;
    }

    public long written() {
        return written + segment.position();
    }

    public void utf8(long id, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        record.clear();
        header(0x01, idSize + b.length);
        id(record, id);
        record.put(b);
        write(record.array(), record.position());
    }

    public void loadClass(int serial, long classId, long nameId) {
        record.clear();
        header(0x02, 8 + 2 * idSize);
        record.putInt(serial);
        id(record, classId);
        record.putInt(0);
        id(record, nameId);
        write(record.array(), record.position());
    }

    private void header(int tag, int length) {
        record.put((byte) tag).putInt(0).putInt(length);
    }

    /** Room for one sub-record of at most {@code bytes}; starts a new segment when the current one is full. */
    public ByteBuffer sub(int bytes) {
        if (segment.position() + bytes > segment.capacity() || segment.position() >= SEGMENT_BYTES) {
            flushSegment();
            if (bytes > segment.capacity()) {
                segment = ByteBuffer.allocate(bytes);
            }
        }
        return segment;
    }

    public void id(ByteBuffer b, long id) {
        if (idSize == 8) {
            b.putLong(id);
        } else {
            b.putInt((int) id);
        }
    }

    public void root(int subTag, long id, int threadSerial) {
        ByteBuffer b = sub(1 + 2 * idSize + 8);
        b.put((byte) subTag);
        id(b, id);
        switch (subTag) {
            case 0x01 -> id(b, 0);
            case 0x02, 0x03, 0x08 -> b.putInt(threadSerial).putInt(0);
            case 0x04, 0x06 -> b.putInt(threadSerial);
            default -> {
            }
        }
    }

    /** A CLASS DUMP; {@code statics} and {@code fields} are (nameId, type[, value]) triples as long arrays. */
    public void classDump(long id, long superId, long loaderId, int instanceSize, long[][] statics, long[][] fields) {
        ByteBuffer b = sub(64 + 7 * idSize + statics.length * (idSize + 9) + fields.length * (idSize + 1));
        b.put((byte) 0x20);
        id(b, id);
        b.putInt(0);
        id(b, superId);
        id(b, loaderId);
        for (int i = 0; i < 4; i++) {
            id(b, 0);
        }
        b.putInt(instanceSize).putShort((short) 0).putShort((short) statics.length);
        for (long[] s : statics) {
            id(b, s[0]);
            BasicType t = BasicType.of((int) s[1]);
            b.put((byte) t.tag);
            value(b, t, s[2]);
        }
        b.putShort((short) fields.length);
        for (long[] f : fields) {
            id(b, f[0]);
            b.put((byte) f[1]);
        }
    }

    public void value(ByteBuffer b, BasicType t, long v) {
        switch (t.size(idSize)) {
            case 1 -> b.put((byte) v);
            case 2 -> b.putShort((short) v);
            case 4 -> b.putInt((int) v);
            default -> b.putLong(v);
        }
    }

    /** Starts an INSTANCE DUMP and returns the buffer for exactly {@code dataBytes} of field values. */
    public ByteBuffer instance(long id, long classId, int dataBytes) {
        ByteBuffer b = sub(1 + 2 * idSize + 8 + dataBytes);
        b.put((byte) 0x21);
        id(b, id);
        b.putInt(0);
        id(b, classId);
        b.putInt(dataBytes);
        return b;
    }

    public void objectArray(long id, long arrayClassId, long[] elements) {
        ByteBuffer b = sub(1 + 2 * idSize + 8 + elements.length * idSize);
        b.put((byte) 0x22);
        id(b, id);
        b.putInt(0).putInt(elements.length);
        id(b, arrayClassId);
        for (long e : elements) {
            id(b, e);
        }
    }

    public void primitiveArray(long id, BasicType type, int length, byte[] data) {
        ByteBuffer b = sub(1 + idSize + 9 + data.length);
        b.put((byte) 0x23);
        id(b, id);
        b.putInt(0).putInt(length).put((byte) type.tag).put(data);
    }

    public void flushSegment() {
        if (segment.position() == 0) {
            return;
        }
        record.clear();
        header(0x1C, segment.position());
        write(record.array(), record.position());
        write(segment.array(), segment.position());
        segment.clear();
    }

    private void write(byte[] b, int n) {
        try {
            out.write(b, 0, n);
            written += n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        flushSegment();
        record.clear();
        header(0x2C, 0);
        write(record.array(), record.position());
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
