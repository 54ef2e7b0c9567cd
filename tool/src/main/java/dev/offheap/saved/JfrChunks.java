package dev.offheap.saved;

import dev.offheap.model.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunk headers of a JDK Flight Recorder file, read before the JDK's own reader gets the file, only to say where
 * it ends early: that reader skips a chunk cut short without a word, and waits forever on a chunk that a JVM was
 * still writing when it died. Nothing else of the format is read here. A file is one or more chunks, each starting
 * with this header (big-endian; {@code jdk.jfr.internal.consumer.ChunkHeader}):
 * <pre>
 *  0 "FLR\0"        4 major (u2)      6 minor (u2)     8 chunk size in bytes, header included (u8)
 * 16 constant pool offset (u8)       24 metadata offset (u8)            32 start, epoch nanos (u8)
 * 40 duration nanos (u8)             48 start ticks (u8)                56 ticks per second (u8)
 * 64 file state (u1): 0 once the chunk is finished, a generation number while the JVM writes it, 255 while the
 *    JVM rewrites the header
 * </pre>
 * The JDK's reader waits (JDK 17: forever) for a header in state 255 and for an unfinished chunk without metadata
 * (metadata offset 0), as it would for a JVM still writing them, and JDK 17's loops on an event whose size is 0: such
 * a chunk ends what can be read. Events are framed by their size, a compressed integer (7 bits a byte, the ninth byte
 * whole), which is all that is read of them here.
 */
final class JfrChunks {
    static final byte[] MAGIC = {'F', 'L', 'R', 0};
    static final int HEADER_BYTES = 68;

    /** One chunk whose bytes are all in the file; {@code finished} is false for a chunk its JVM never closed. */
    record Chunk(int number, long offset, long sizeBytes, boolean finished, long startNanos, long durationNanos) {
    }

    /**
     * The chunks that are whole, and what follows the last of them when it is not another chunk: null for a file
     * that ends where its last chunk ends.
     */
    record Layout(int major, int minor, long fileBytes, List<Chunk> chunks, String cut, boolean stuck) {
        boolean clean() {
            return cut == null && chunks.stream().allMatch(Chunk::finished);
        }

        /** Bytes from the start up to the end of the last whole chunk. */
        long wholeBytes() {
            return chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).offset() + chunks.get(chunks.size() - 1).sizeBytes();
        }
    }

    private JfrChunks() {
    }

    /** Walks the headers of {@code file}; a file that does not start with a chunk header is an input error. */
    static Layout scan(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
            List<Chunk> chunks = new ArrayList<>();
            int major = 0;
            int minor = 0;
            long offset = 0;
            String cut = null;
            boolean stuck = false;
            while (offset < length) {
                int number = chunks.size() + 1;
                h.clear();
                while (h.hasRemaining() && ch.read(h, offset + h.position()) > 0) {
                    // reads the header, or what there is of it
                }
                if (h.position() < HEADER_BYTES || !magic(h)) {
                    if (offset == 0 && magic(h)) {
                        throw new InputException(file + ": cut at byte " + length + " inside the header of its first chunk:"
                                + " nothing can be read");
                    }
                    if (offset == 0) {
                        throw new InputException(file + ": not a JDK Flight Recorder recording (no 'FLR' chunk header at byte 0)");
                    }
                    cut = h.position() < HEADER_BYTES && magic(h)
                            ? "cut at byte " + length + " inside the header of chunk " + number + " (from byte " + offset + ")"
                            : (length - offset) + " bytes after the end of chunk " + (number - 1) + " (byte " + offset
                            + ") are not a chunk";
                    break;
                }
                int maj = Short.toUnsignedInt(h.getShort(4));
                int min = Short.toUnsignedInt(h.getShort(6));
                if (offset == 0) {
                    if (maj != 1 && maj != 2) {
                        throw new InputException(file + ": JDK Flight Recorder format " + maj + "." + min
                                + " is not supported (JDK 11 to 25 write 2.x)");
                    }
                    major = maj;
                    minor = min;
                }
                long size = h.getLong(8);
                if (size < HEADER_BYTES) {
                    cut = "chunk " + number + " (from byte " + offset + ") has no size in its header (" + size
                            + "): it was begun and never written";
                    break;
                }
                if (size > length - offset) {
                    cut = "cut at byte " + length + " inside chunk " + number + " (from byte " + offset + ", "
                            + size + " bytes long by its header, " + (length - offset) + " present; the JDK's reader needs"
                            + " a chunk's end, where its metadata is)";
                    break;
                }
                byte state = h.get(64);
                if (state == (byte) 255 || state != 0 && h.getLong(24) == 0) {
                    stuck = true;
                    cut = "chunk " + number + " (from byte " + offset + ") " + (state == (byte) 255
                            ? "was left while its JVM rewrote its header (file state 255)"
                            : "was never finished and holds no metadata yet") + ": the JDK's reader would wait for it";
                    break;
                }
                String framing = framing(ch, offset, size);
                if (framing != null) {
                    stuck = true;
                    cut = "chunk " + number + " (from byte " + offset + "): " + framing + ": the JDK's reader would loop on it";
                    break;
                }
                chunks.add(new Chunk(number, offset, size, state == 0, h.getLong(32), h.getLong(40)));
                offset += size;
            }
            return new Layout(major, minor, length, chunks, cut, stuck);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** What is wrong with the sizes of the chunk's events, null when each ends inside the chunk after it begins. */
    private static String framing(FileChannel ch, long offset, long size) throws IOException {
        if (size > Integer.MAX_VALUE) {
            return null; // not mapped in one piece; JDKs write chunks of a few MiB
        }
        ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, offset, size);
        int pos = HEADER_BYTES;
        while (pos < size) {
            long eventBytes = compressedLong(b, pos);
            if (eventBytes <= 0 || eventBytes > size - pos) {
                return "the event at byte " + (offset + pos) + " claims " + eventBytes + " bytes"
                        + (eventBytes <= 0 ? "" : ", past the chunk's end at byte " + (offset + size));
            }
            pos += (int) eventBytes;
        }
        return null;
    }

    /** A JFR compressed integer at {@code pos}; -1 when the chunk ends inside it. */
    private static long compressedLong(ByteBuffer b, int pos) {
        long value = 0;
        for (int i = 0; i < 9; i++) {
            if (pos + i >= b.limit()) {
                return -1;
            }
            int v = b.get(pos + i);
            if (i == 8) {
                return value + ((v & 0xFFL) << 56);
            }
            value += (v & 0x7FL) << (7 * i);
            if (v >= 0) {
                return value;
            }
        }
        return value;
    }

    private static boolean magic(ByteBuffer h) {
        if (h.position() < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (h.get(i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}
