package dev.offheap.parse.proc;

import dev.offheap.model.InputException;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.model.PerfCounters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Reads a HotSpot PerfData file ({@code /tmp/hsperfdata_<user>/<pid>}, the shared memory behind {@code jstat} and
 * {@code jcmd PerfCounter.print}) into counters by name. Supports PerfData version 2.0 (JDK 6 to 25), either byte order.
 */
public final class HsperfdataParser {
    static final int MAGIC = 0xcafec0c0;
    static final int PROLOGUE_BYTES = 32;
    static final int ENTRY_HEADER_BYTES = 20;
    private static final byte BIG_ENDIAN = 0;
    private static final byte LITTLE_ENDIAN = 1;

    private HsperfdataParser() {
    }

    public static Parsed<PerfCounters> parse(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(ByteBuffer.wrap(bytes), file.getFileName().toString());
    }

    public static Parsed<PerfCounters> parse(byte[] bytes, String source) {
        return parse(ByteBuffer.wrap(bytes), source);
    }

    /** Parses the buffer from its position to its limit; {@code source} names it in messages. */
    public static Parsed<PerfCounters> parse(ByteBuffer data, String source) {
        ByteBuffer buf = data.slice();
        List<ParseWarning> warnings = new ArrayList<>();
        Prologue p = readPrologue(buf, source, warnings);
        Map<String, String> values = new LinkedHashMap<>();
        int offset = p.entryOffset;
        for (int i = 0; i < p.numEntries; i++) {
            if (offset + ENTRY_HEADER_BYTES > p.end) {
                warnings.add(warn(source, offset, "truncated: entry " + (i + 1) + " of " + p.numEntries
                        + " starts past the end of the data (" + p.end + " bytes)"));
                break;
            }
            int length = buf.getInt(offset);
            if (length < ENTRY_HEADER_BYTES || (long) offset + length > p.end) {
                warnings.add(warn(source, offset, "entry " + (i + 1) + " of " + p.numEntries + " has bad length "
                        + length + " (data ends at " + p.end + "); the remaining entries are skipped"));
                break;
            }
            readEntry(buf, offset, length, source, values, warnings);
            offset += length;
        }
        return new Parsed<>(new PerfCounters(values), warnings);
    }

    /**
     * A copy of {@code file} whose string counters are {@code rewrite.apply(name, value)}, written in place: a new
     * value is cut to its entry's vector length (at a character boundary, keeping the NUL) and NUL-padded, so every
     * other byte and offset stays as it was; the same array when no string changes.
     *
     * @throws InputException when the prologue or an entry is unreadable: the strings after it could not be rewritten
     */
    public static byte[] rewriteStrings(byte[] file, String source, BinaryOperator<String> rewrite) {
        ByteBuffer buf = ByteBuffer.wrap(file);
        List<ParseWarning> warnings = new ArrayList<>();
        Prologue p = readPrologue(buf, source, warnings);
        byte[] copy = null;
        int offset = p.entryOffset;
        for (int i = 0; i < p.numEntries; i++) {
            int length = offset + ENTRY_HEADER_BYTES <= p.end ? buf.getInt(offset) : -1;
            if (length < ENTRY_HEADER_BYTES || (long) offset + length > p.end) {
                throw new InputException(source + ": offset " + offset + ": entry " + (i + 1) + " of " + p.numEntries
                        + " is unreadable (length " + length + ", data ends at " + p.end + ")");
            }
            int nameOffset = buf.getInt(offset + 4);
            int vectorLength = buf.getInt(offset + 8);
            int dataOffset = buf.getInt(offset + 16);
            if (buf.get(offset + 12) == 'B' && vectorLength > 0 && dataOffset >= ENTRY_HEADER_BYTES
                    && (long) dataOffset + vectorLength <= length) {
                int dataStart = offset + dataOffset;
                // the name ends before the data starts, as HotSpot lays entries out: rewriting the data leaves it alone
                int nameEnd = nameOffset >= ENTRY_HEADER_BYTES ? nulIndex(buf, offset + nameOffset, dataStart) : -1;
                String name = nameEnd < 0 ? null : cString(buf, offset + nameOffset, nameEnd + 1, true);
                if (name == null) {
                    throw new InputException(source + ": offset " + offset + ": entry " + (i + 1) + " of " + p.numEntries
                            + " has its name (offset " + nameOffset + ") where its data is (offset " + dataOffset + ")");
                }
                String value = cString(buf, dataStart, dataStart + vectorLength, true);
                String rewritten = rewrite.apply(name, value);
                if (!rewritten.equals(value)) {
                    copy = copy == null ? file.clone() : copy;
                    byte[] bytes = cut(rewritten.getBytes(StandardCharsets.UTF_8), vectorLength - 1);
                    java.util.Arrays.fill(copy, dataStart, dataStart + vectorLength, (byte) 0);
                    System.arraycopy(bytes, 0, copy, dataStart, bytes.length);
                }
            }
            offset += length;
        }
        return copy == null ? file : copy;
    }

    /** Where the first NUL byte in [from, to) is; -1 when there is none. */
    private static int nulIndex(ByteBuffer buf, int from, int to) {
        for (int i = Math.max(from, 0); i < to && i < buf.limit(); i++) {
            if (buf.get(i) == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The first {@code max} bytes of UTF-8 text, not splitting a character. */
    private static byte[] cut(byte[] utf8, int max) {
        if (utf8.length <= max) {
            return utf8;
        }
        int end = Math.max(0, max);
        while (end > 0 && (utf8[end] & 0xc0) == 0x80) {
            end--;
        }
        return java.util.Arrays.copyOf(utf8, end);
    }

    // typedef struct {
    //   jint magic;          // 0xcafec0c0, always stored big-endian
    //   jbyte byte_order;    // 0 big endian, 1 little endian: the order of everything that follows
    //   jbyte major_version; jbyte minor_version;
    //   jbyte accessible;    // 1 once the JVM finished creating the region
    //   jint used; jint overflow; jlong mod_time_stamp;
    //   jint entry_offset; jint num_entries;
    // } PerfDataPrologue;    (perfMemory.hpp)
    private static Prologue readPrologue(ByteBuffer buf, String source, List<ParseWarning> warnings) {
        if (buf.remaining() < PROLOGUE_BYTES) {
            throw new InputException(source + ": not a hsperfdata file: " + buf.remaining()
                    + " bytes, the prologue alone needs " + PROLOGUE_BYTES);
        }
        int magic = buf.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (magic != MAGIC) {
            throw new InputException(source + ": not a hsperfdata file: magic 0x" + Integer.toHexString(magic)
                    + ", expected 0xcafec0c0");
        }
        byte order = buf.get(4);
        if (order != BIG_ENDIAN && order != LITTLE_ENDIAN) {
            throw new InputException(source + ": offset 4: unknown byte order " + order + ", expected 0 or 1");
        }
        buf.order(order == LITTLE_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int major = buf.get(5);
        int minor = buf.get(6);
        if (major != 2 || minor != 0) {
            throw new InputException(source + ": unsupported PerfData version " + major + "." + minor
                    + " (supported: 2.0)");
        }
        if (buf.get(7) == 0) {
            warnings.add(warn(source, 7, "region not marked accessible: the JVM was still starting"));
        }
        int used = buf.getInt(8);
        int entryOffset = buf.getInt(24);
        int numEntries = buf.getInt(28);
        int end = buf.limit();
        if (used >= PROLOGUE_BYTES && used <= end) {
            end = used;
        } else if (used > end) {
            warnings.add(warn(source, 8, "truncated: " + used + " bytes in use, file has " + end));
        }
        if (entryOffset < PROLOGUE_BYTES || entryOffset > end || numEntries < 0) {
            throw new InputException(source + ": offset 24: bad entry table (offset " + entryOffset + ", "
                    + numEntries + " entries, " + end + " bytes)");
        }
        return new Prologue(entryOffset, numEntries, end);
    }

    // typedef struct {
    //   jint entry_length; jint name_offset; jint vector_length;   // vector_length 0: a scalar
    //   jbyte data_type;     // 'J' long, 'B' byte (vectors of 'B' are strings), others unused by HotSpot
    //   jbyte flags; jbyte data_units; jbyte data_variability;
    //   jint data_offset;    // name_offset and data_offset are relative to the entry
    // } PerfDataEntry;       (perfMemory.hpp)
    private static void readEntry(ByteBuffer buf, int offset, int length, String source,
                                  Map<String, String> values, List<ParseWarning> warnings) {
        int nameOffset = buf.getInt(offset + 4);
        int vectorLength = buf.getInt(offset + 8);
        char type = (char) buf.get(offset + 12);
        int dataOffset = buf.getInt(offset + 16);
        String name = cString(buf, offset + nameOffset, offset + length, nameOffset >= ENTRY_HEADER_BYTES);
        if (name == null || name.isEmpty()) {
            warnings.add(warn(source, offset, "entry without a readable name (name offset " + nameOffset + "), skipped"));
            return;
        }
        if (dataOffset < ENTRY_HEADER_BYTES || dataOffset >= length || vectorLength < 0) {
            warnings.add(warn(source, offset, name + ": bad data offset " + dataOffset + ", skipped"));
            return;
        }
        int dataStart = offset + dataOffset;
        if (type == 'J' && vectorLength == 0 && dataOffset + 8 <= length) {
            values.put(name, Long.toString(buf.getLong(dataStart)));
        } else if (type == 'B' && vectorLength > 0 && dataOffset + vectorLength <= length) {
            values.put(name, cString(buf, dataStart, dataStart + vectorLength, true));
        } else {
            warnings.add(warn(source, offset, name + ": unsupported type '" + type + "' with vector length "
                    + vectorLength + ", skipped"));
        }
    }

    /** The NUL-terminated text at {@code from} (or up to {@code to}); null when {@code ok} is false or out of range. */
    private static String cString(ByteBuffer buf, int from, int to, boolean ok) {
        if (!ok || from < 0 || from >= to) {
            return null;
        }
        int end = from;
        while (end < to && buf.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - from];
        buf.get(from, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static ParseWarning warn(String source, int offset, String message) {
        return new ParseWarning(source, 0, "offset " + offset + ": " + message);
    }

    private record Prologue(int entryOffset, int numEntries, int end) {
    }
}
