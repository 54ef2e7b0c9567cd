package dev.offheap.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Several files in one fuzz input, in the layout {@code head -n -0 *} prints: a line {@code ==> NAME <==} before each
 * file's bytes. Seeds are made from fixture folders that way; the fuzzer mutates names and contents alike.
 */
final class Bundle {
    private static final byte[] MARK = "==> ".getBytes(StandardCharsets.US_ASCII);
    private static final String END = " <==";

    private Bundle() {
    }

    /** The files of an input by name (the last of equal names wins); bytes before the first header are dropped. */
    static Map<String, byte[]> split(byte[] data) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        int at = indexOf(data, 0);
        while (at >= 0) {
            int eol = indexOfByte(data, (byte) '\n', at);
            int headerEnd = eol < 0 ? data.length : eol;
            String header = new String(data, at + MARK.length, headerEnd - at - MARK.length, StandardCharsets.UTF_8);
            String name = header.endsWith(END) ? header.substring(0, header.length() - END.length()) : header;
            int start = eol < 0 ? data.length : eol + 1;
            int next = indexOf(data, start);
            int end = next < 0 ? data.length : next;
            // head puts a blank line between files
            if (next >= 0 && end > start && data[end - 1] == '\n') {
                end--;
            }
            files.put(name, Arrays.copyOfRange(data, start, Math.max(start, end)));
            at = next;
        }
        return files;
    }

    /** The files of a folder (one level) as one bundle. */
    static byte[] of(Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                if (Files.isRegularFile(p)) {
                    out.write(("==> " + p.getFileName() + END + "\n").getBytes(StandardCharsets.UTF_8));
                    out.write(Files.readAllBytes(p));
                    out.write('\n');
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * Writes the files of a bundle into an empty folder; names that are not plain file names, or longer than a file
     * name may be (255 bytes), are skipped.
     */
    static void write(Map<String, byte[]> files, Path dir) {
        files.forEach((name, bytes) -> {
            if (name.isEmpty() || name.contains("/") || name.contains("\0") || name.equals(".") || name.equals("..")
                    || name.getBytes(StandardCharsets.UTF_8).length > 255) {
                return;
            }
            try {
                Files.write(dir.resolve(name), bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Where a line "==> " starts: at {@code from} itself or after a newline. */
    private static int indexOf(byte[] data, int from) {
        for (int i = from; i <= data.length - MARK.length; i++) {
            if ((i == 0 || data[i - 1] == '\n') && startsWith(data, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] data, int at) {
        for (int j = 0; j < MARK.length; j++) {
            if (data[at + j] != MARK[j]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfByte(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
