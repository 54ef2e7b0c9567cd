package dev.offheap.zoo;

import java.util.zip.Deflater;

/**
 * A JNI compression workload at a realistic size: compresses 64 KiB of text-like data with a new java.util.zip
 * Deflater each time (zlib's state malloc'ed by deflateInit, freed by end()), as fast as it can on one thread, and
 * reports the compressions done through {@link WorkMeter} every {@code args[0]} ms (default 100). Nothing leaks.
 */
public final class CompressLoop {
    private CompressLoop() {
    }

    public static void main(String[] args) {
        long every = args.length > 0 ? Long.parseLong(args[0]) : 100;
        byte[] input = new byte[64 * 1024];
        String words = "the quick brown fox jumps over the lazy dog while offheap watches the native heap ";
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) words.charAt((i * 7 + i / 97) % words.length());
        }
        byte[] output = new byte[80 * 1024];
        WorkMeter.start(every);
        Ready.announce();
        while (true) {
            for (int i = 0; i < 10; i++) {
                Deflater d = new Deflater(6);
                try {
                    d.setInput(input);
                    d.finish();
                    while (!d.finished()) {
                        d.deflate(output);
                    }
                } finally {
                    d.end();
                }
            }
            WorkMeter.add(10);
        }
    }
}
