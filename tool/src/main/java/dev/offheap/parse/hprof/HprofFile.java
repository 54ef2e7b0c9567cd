package dev.offheap.parse.hprof;

import dev.offheap.model.InputException;
import dev.offheap.model.ParseWarning;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * An HPROF file opened for reading (as written by {@code jcmd PID GC.heap_dump} or {@code jmap -dump}). A
 * {@code .hprof.gz} is decompressed once into a private temporary file, deleted on {@link #close()}, because the
 * passes read the file several times and at random offsets. Supports JAVA PROFILE 1.0.1 and 1.0.2.
 */
public final class HprofFile implements AutoCloseable {
    private final String source;
    private final FileChannel channel;
    private final long size;
    private final HprofHeader header;
    private final PrivateTempDir spill;
    private final List<ParseWarning> warnings;

    private HprofFile(String source, FileChannel channel, long size, HprofHeader header, PrivateTempDir spill,
                      List<ParseWarning> warnings) {
        this.source = source;
        this.channel = channel;
        this.size = size;
        this.header = header;
        this.spill = spill;
        this.warnings = List.copyOf(warnings);
    }

    /** Opens a dump; {@code tempParent} is where a gz input is decompressed (null: the system temp dir). */
    public static HprofFile open(Path path, Path tempParent) {
        String source = String.valueOf(path.getFileName());
        if (!Files.isRegularFile(path)) {
            throw new InputException(source + ": no such file (expected a heap dump .hprof or .hprof.gz)");
        }
        PrivateTempDir spill = null;
        List<ParseWarning> warnings = new ArrayList<>();
        try {
            Path plain = path;
            if (isGzip(path)) {
                spill = PrivateTempDir.create(tempParent, "offheap-hprof");
                plain = spill.resolve("dump.hprof");
                gunzip(path, plain, source, warnings);
            }
            FileChannel ch = FileChannel.open(plain, StandardOpenOption.READ);
            long size = ch.size();
            HprofHeader header = readHeader(ch, size, source);
            return new HprofFile(source, ch, size, header, spill, warnings);
        } catch (IOException e) {
            if (spill != null) {
                spill.close();
            }
            throw new InputException(source + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (spill != null) {
                spill.close();
            }
            throw e;
        }
    }

    private static boolean isGzip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static void gunzip(Path from, Path to, String source, List<ParseWarning> warnings) throws IOException {
        long written = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(from), 1 << 16);
             OutputStream out = Files.newOutputStream(to)) {
            byte[] buf = new byte[1 << 20];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    written += n;
                }
            } catch (EOFException e) {
                warnings.add(new ParseWarning(source, 0, "compressed stream ends early after " + written
                        + " uncompressed bytes (truncated .gz); reading what is there"));
            }
        }
    }

    // "JAVA PROFILE 1.0.2\0" u4 idSize, u4 high and u4 low word of the dump time in milliseconds
    private static HprofHeader readHeader(FileChannel ch, long size, String source) {
        HprofInput in = new HprofInput(ch, size, 64);
        StringBuilder magic = new StringBuilder();
        try {
            for (int c; (c = in.u1()) != 0; ) {
                magic.append((char) c);
                if (magic.length() > 24) {
                    break;
                }
            }
            String version = magic.toString();
            if (!version.equals("JAVA PROFILE 1.0.1") && !version.equals("JAVA PROFILE 1.0.2")) {
                throw new InputException(source + ": byte 0: not an HPROF heap dump (expected 'JAVA PROFILE 1.0.1' or"
                        + " '1.0.2', found: \"" + printable(version) + "\")");
            }
            long idAt = in.position();
            int idSize = in.i4();
            if (idSize != 4 && idSize != 8) {
                throw new InputException(source + ": byte " + idAt + ": identifier size " + idSize
                        + " is not supported (expected 4 or 8)");
            }
            long millis = in.i8();
            return new HprofHeader(version.substring("JAVA PROFILE ".length()), idSize, millis, in.position());
        } catch (HprofEndOfFile e) {
            throw new InputException(source + ": byte " + size + ": file ends inside the HPROF header (empty or"
                    + " truncated heap dump)");
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 32 && c < 127 ? c : '?');
        }
        return sb.toString();
    }

    public String source() {
        return source;
    }

    public long size() {
        return size;
    }

    public HprofHeader header() {
        return header;
    }

    /** Warnings from opening (a truncated .gz). */
    public List<ParseWarning> warnings() {
        return warnings;
    }

    /** A new input on this file at the first record. */
    public HprofInput input(int bufferBytes) {
        HprofInput in = new HprofInput(channel, size, bufferBytes);
        in.idSize(header.idSize());
        in.seek(header.headerBytes());
        return in;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written; closing a read channel cannot lose data
        } finally {
            if (spill != null) {
                spill.close();
            }
        }
    }
}
