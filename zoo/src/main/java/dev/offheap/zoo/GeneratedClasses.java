package dev.offheap.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Defines copies of {@link Gen000000} at run time: under its own name in fresh loaders, or renamed in one loader. */
final class GeneratedClasses {
    private static final byte[] TEMPLATE = template();
    private static final byte[] NAME = "Gen000000".getBytes(StandardCharsets.US_ASCII);

    private GeneratedClasses() {
    }

    /** A loader that defines what it is given; one per class makes loaders pile up like a leaking plugin system. */
    static final class GeneratingLoader extends ClassLoader {
        GeneratingLoader() {
            super(GeneratedClasses.class.getClassLoader());
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }

    /** The template's bytes with its simple name replaced by Gen + the 6-digit {@code number} (same length). */
    static byte[] renamed(int number) {
        byte[] copy = TEMPLATE.clone();
        byte[] name = String.format("Gen%06d", number).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + NAME.length <= copy.length; i++) {
            if (matches(copy, i)) {
                System.arraycopy(name, 0, copy, i, name.length);
            }
        }
        return copy;
    }

    static byte[] template() {
        try (InputStream in = GeneratedClasses.class.getResourceAsStream("Gen000000.class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean matches(byte[] b, int at) {
        for (int j = 0; j < NAME.length; j++) {
            if (b[at + j] != NAME[j]) {
                return false;
            }
        }
        return true;
    }

    static String className(int number) {
        return String.format("dev.offheap.zoo.Gen%06d", number);
    }
}
