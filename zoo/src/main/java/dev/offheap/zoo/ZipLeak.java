package dev.offheap.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * A native leak through java.util.zip, the kind NMT does not see as a leak and the heap barely shows: one Java
 * thread keeps every {@link Deflater} it makes, used once and never {@code end()}ed, so each one's zlib state
 * (about 256 KiB at the default level, malloc'ed in that thread's glibc arena) stays resident. It makes
 * {@code args[0]} (default 40) per second. Prints "ready" after the first one, then grows until killed.
 */
public final class ZipLeak {
    private ZipLeak() {
    }

    public static void main(String[] args) throws InterruptedException {
        int perSecond = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        List<Deflater> kept = new ArrayList<>();
        byte[] input = new byte[64 * 1024];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) (i * 31 % 251);
        }
        byte[] output = new byte[80 * 1024];
        Thread leaker = new Thread(() -> {
            long next = System.nanoTime();
            for (long i = 0; ; i++) {
                Deflater d = new Deflater();
                d.setInput(input);
                d.finish();
                while (!d.finished()) {
                    d.deflate(output);
                }
                kept.add(d); // never end()ed and never dropped: its zlib state stays malloc'ed
                if (i == 0) {
                    Ready.announce();
                }
                next += 1_000_000_000L / perSecond;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "zip-leak");
        leaker.start();
        leaker.join();
    }
}
