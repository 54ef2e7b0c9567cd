package dev.offheap.zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JNI leak through a library given by path ({@code args[0]}, built by the test that runs this: any name, stripped
 * or not): {@code System.load}s it, deletes the file when {@code args[1]} is "delete" (as extracting loaders do: the
 * mapping stays, "(deleted)"), then calls its {@link #leak} {@code args[2]} times per second (default 16) for blocks of
 * {@code args[3]} KiB (default 256), which the library mallocs, touches and keeps. Prints "ready" after the first.
 */
public final class NativeLibraryLeak {
    private NativeLibraryLeak() {
    }

    /** Allocates {@code bytes} with malloc, writes every page and keeps the block. */
    static native void leak(long bytes);

    public static void main(String[] args) throws IOException, InterruptedException {
        Path library = Path.of(args[0]);
        System.load(library.toAbsolutePath().toString());
        if (args.length > 1 && args[1].equals("delete")) {
            Files.delete(library);
        }
        int perSecond = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        long bytes = (args.length > 3 ? Long.parseLong(args[3]) : 256) * 1024;
        long next = System.nanoTime();
        for (long i = 0; ; i++) {
            leak(bytes);
            if (i == 0) {
                Ready.announce();
            }
            next += 1_000_000_000L / perSecond;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }
}
