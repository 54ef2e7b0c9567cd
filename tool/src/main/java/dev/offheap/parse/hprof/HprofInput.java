package dev.offheap.parse.hprof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Big-endian reads from an HPROF file through one reused buffer, at positional offsets of the channel (so several
 * inputs may read the same file). Reading past the end throws {@link HprofEndOfFile} with the offset.
 */
public final class HprofInput {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final FileChannel channel;
    private final long size;
    private final byte[] buf;
    private final ByteBuffer wrapped;
    private long bufStart;
    private int pos;
    private int limit;
    private int idSize = 8;
    private long recordStart;

    public HprofInput(FileChannel channel, long size, int bufferBytes) {
        this.channel = channel;
        this.size = size;
        this.buf = new byte[bufferBytes];
        this.wrapped = ByteBuffer.wrap(buf);
    }

    void idSize(int idSize) {
        this.idSize = idSize;
    }

    public int idSize() {
        return idSize;
    }

    void markRecord(long offset) {
        recordStart = offset;
    }

    /** The offset of the sub-record being visited (its tag byte), to visit it again later. */
    public long recordStart() {
        return recordStart;
    }

    public long size() {
        return size;
    }

    public long position() {
        return bufStart + pos;
    }

    public void seek(long position) {
        if (position >= bufStart && position <= bufStart + limit) {
            pos = (int) (position - bufStart);
        } else {
            bufStart = position;
            pos = 0;
            limit = 0;
        }
    }

    public void skip(long n) {
        seek(position() + n);
    }

    public int u1() {
        ensure(1);
        return buf[pos++] & 0xFF;
    }

    public int u2() {
        ensure(2);
        int v = (short) SHORT.get(buf, pos) & 0xFFFF;
        pos += 2;
        return v;
    }

    public int i4() {
        ensure(4);
        int v = (int) INT.get(buf, pos);
        pos += 4;
        return v;
    }

    public long u4() {
        return i4() & 0xFFFF_FFFFL;
    }

    public long i8() {
        ensure(8);
        long v = (long) LONG.get(buf, pos);
        pos += 8;
        return v;
    }

    /** An object id: 4 bytes (unsigned) or 8 bytes as the header says. */
    public long id() {
        return idSize == 8 ? i8() : u4();
    }

    /** Reads {@code n} ids into {@code out} from index {@code off}: many at a time from the buffer. */
    public void ids(long[] out, int off, int n) {
        while (n > 0) {
            ensure(idSize);
            int k = Math.min(n, (limit - pos) / idSize);
            if (idSize == 8) {
                for (int i = 0; i < k; i++, pos += 8) {
                    out[off + i] = (long) LONG.get(buf, pos);
                }
            } else {
                for (int i = 0; i < k; i++, pos += 4) {
                    out[off + i] = (int) INT.get(buf, pos) & 0xFFFF_FFFFL;
                }
            }
            off += k;
            n -= k;
        }
    }

    /** The id at file offset {@code position}, leaving the input there or after it. */
    public long idAt(long position) {
        long p = position - bufStart;
        if (p >= 0 && p <= limit - idSize) {
            pos = (int) p;
            return id();
        }
        seek(position);
        return id();
    }

    /** A value of the given type as raw bits (references as ids). */
    public long value(BasicType type) {
        return switch (type) {
            case OBJECT -> id();
            case BOOLEAN, BYTE -> {
                ensure(1);
                yield buf[pos++];
            }
            case CHAR, SHORT -> {
                int v = u2();
                yield type == BasicType.SHORT ? (short) v : v;
            }
            case INT, FLOAT -> i4();
            case LONG, DOUBLE -> i8();
        };
    }

    /** The next {@code n} bytes; a length beyond the end of the file (corrupt or cut) is refused before allocating. */
    public byte[] bytes(long n) {
        if (n < 0 || position() + n > size) {
            throw new HprofEndOfFile(n < 0 ? position() : position() + n);
        }
        byte[] out = new byte[(int) Math.min(n, Integer.MAX_VALUE - 8)];
        int done = 0;
        while (done < out.length) {
            ensure(1);
            int k = Math.min(out.length - done, limit - pos);
            System.arraycopy(buf, pos, out, done, k);
            pos += k;
            done += k;
        }
        return out;
    }

    private void ensure(int n) {
        if (limit - pos < n) {
            refill(n);
        }
    }

    private void refill(int n) {
        int remaining = limit - pos;
        System.arraycopy(buf, pos, buf, 0, remaining);
        bufStart += pos;
        pos = 0;
        limit = remaining;
        try {
            while (limit < n) {
                long at = bufStart + limit;
                if (at >= size) {
                    throw new HprofEndOfFile(bufStart + n);
                }
                wrapped.clear().position(limit);
                int read = channel.read(wrapped, at);
                if (read <= 0) {
                    throw new HprofEndOfFile(bufStart + n);
                }
                limit += read;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
