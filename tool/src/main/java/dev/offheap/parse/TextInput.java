package dev.offheap.parse;

import dev.offheap.model.InputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a saved file or a stream into text for the parsers, turning I/O failures into one-line InputExceptions. */
public final class TextInput {
    private TextInput() {
    }

    /** The whole file as UTF-8 (bad bytes replaced: /proc text is bytes, paths need not be UTF-8). */
    public static String read(Path file) {
        return new String(readBytes(file), StandardCharsets.UTF_8);
    }

    public static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new InputException(file + ": permission denied");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static String read(Reader reader, String source) {
        StringBuilder sb = new StringBuilder(8192);
        char[] buf = new char[8192];
        try {
            for (int n; (n = reader.read(buf)) >= 0; ) {
                sb.append(buf, 0, n);
            }
        } catch (IOException e) {
            throw new InputException(source + ": cannot read: " + e.getMessage(), e);
        }
        return sb.toString();
    }

    /** A name for messages: the file name alone ("smaps.txt"), as in {@code smaps.txt:12: …}. */
    /** The size of {@code text} in UTF-8 bytes: where a saved file read whole ends (undecodable bytes count 3). */
    public static long utf8Length(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    public static String sourceName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    /** Quotes input in a message: shortened, on one line, control characters but tab and undecodable bytes shown as '?'. */
    public static String quote(String line) {
        String cut = line.length() > 80 ? line.substring(0, 77) + "..." : line;
        StringBuilder b = new StringBuilder(cut.length() + 2).append('"');
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            b.append(c < 0x20 && c != '\t' || c == 0x7f || c == '\uFFFD' ? '?' : c);
        }
        return b.append('"').toString();
    }
}
