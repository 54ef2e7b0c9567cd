package dev.offheap.bench;

import dev.offheap.parse.hprof.BasicType;
import dev.offheap.testing.SyntheticHeap;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a synthetic but valid HPROF of about the requested size: 300 application classes, instances with 0-4
 * references to recent and to random older objects, Strings with their byte[] values (a fifth of the records, as in
 * real heaps), other byte arrays (about a third of the bytes), object arrays, chained
 * "container" arrays (a deep graph), roughly 10% garbage, threads, and one owning direct buffer per 5000 objects,
 * half of them dropped (reachable only through their Cleaner). Usage: {@code HprofGenerator FILE SIZE_MIB}.
 */
public final class HprofGenerator {
    private static final int CLASSES = 300;
    private static final int CONTAINER = 1000;
    private final SyntheticHeap h;
    private final SplittableRandom rnd = new SplittableRandom(42);
    private final long[] recent = new long[4096];
    private final long[] sample = new long[1 << 20];
    private long objects;
    private final SyntheticHeap.Cls[] classes = new SyntheticHeap.Cls[CLASSES];
    private final int[] refFields = new int[CLASSES];
    private long[] container = new long[CONTAINER];
    private int inContainer;
    private long previousContainer;
    long directBuffers;

    private HprofGenerator(OutputStream out) {
        h = new SyntheticHeap(out, 8, false);
        for (int i = 0; i < CLASSES; i++) {
            int refs = i % 5;
            int prims = 1 + i % 4;
            String[] fields = new String[refs + prims];
            for (int f = 0; f < refs; f++) {
                fields[f] = "ref" + f + ":O";
            }
            for (int f = 0; f < prims; f++) {
                fields[refs + f] = "v" + f + (f % 2 == 0 ? ":I" : ":J");
            }
            classes[i] = h.define("com.example.app.Type" + i, h.object, 0, fields);
            refFields[i] = refs;
        }
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        long target = Long.parseLong(args[1]) << 20;
        long t0 = System.nanoTime();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            HprofGenerator g = new HprofGenerator(out);
            g.generate(target);
            System.out.printf("wrote %s: %d MiB, %d objects, %d direct buffers in %.1f s%n", file,
                    Files.size(file) >> 20, g.objects, g.directBuffers, (System.nanoTime() - t0) / 1e9);
        }
    }

    private void generate(long targetBytes) {
        for (int t = 0; t < 50; t++) {
            h.thread("worker-" + t, 0);
        }
        while (h.w.written() < targetBytes) {
            for (int i = 0; i < 10_000; i++) {
                one();
            }
        }
        closeContainer();
        h.w.root(0x01, previousContainer, 0);
        h.rootCleaners();
        h.close();
    }

    private long pick() {
        if (objects == 0) {
            return 0;
        }
        if (rnd.nextInt(10) < 7) {
            return recent[rnd.nextInt((int) Math.min(objects, recent.length))];
        }
        return sample[rnd.nextInt((int) Math.min(objects, sample.length))];
    }

    private void one() {
        int r = rnd.nextInt(100);
        long id;
        if (r < 12) {
            int n = 16 + rnd.nextInt(1024);
            id = h.newId(16 + n);
            h.w.primitiveArray(id, BasicType.BYTE, n, new byte[n]);
        } else if (r < 36) {
            // a String and its byte[] value, the commonest pair of a real heap: its text is what the views note
            int n = 8 + rnd.nextInt(56);
            long value = h.newId(16 + n);
            h.w.primitiveArray(value, BasicType.BYTE, n, new byte[n]);
            int bytes = h.string.dataBytes();
            id = h.newId(16 + bytes);
            ByteBuffer b = h.w.instance(id, h.string.id, bytes);
            b.putLong(value);
            b.put((byte) 0);
            b.putInt(n);
        } else if (r < 40) {
            long[] elements = new long[4 + rnd.nextInt(28)];
            for (int i = 0; i < elements.length; i++) {
                elements[i] = pick();
            }
            id = h.newId(16 + elements.length * 8);
            h.w.objectArray(id, h.objectArray.id, elements);
        } else {
            int c = rnd.nextInt(CLASSES);
            SyntheticHeap.Cls k = classes[c];
            int bytes = k.dataBytes();
            id = h.newId(16 + bytes);
            ByteBuffer b = h.w.instance(id, k.id, bytes);
            for (int f = 0; f < refFields[c]; f++) {
                b.putLong(pick());
            }
            for (int f = refFields[c] * 8; f < bytes; f++) {
                b.put((byte) f);
            }
        }
        if (objects % 5000 == 4999) {
            long buffer = h.directBuffer(64 * 1024);
            directBuffers++;
            if (directBuffers % 2 == 0) {
                keep(buffer);
            }
        }
        recent[(int) (objects % recent.length)] = id;
        sample[(int) (objects < sample.length ? objects : rnd.nextInt(sample.length))] = id;
        objects++;
        if (rnd.nextInt(10) != 0) {
            keep(id);
        }
    }

    private void keep(long id) {
        container[inContainer++] = id;
        if (inContainer == CONTAINER - 1) {
            closeContainer();
        }
    }

    /** Chains containers: each holds the previous one, every 100th is also a JNI global root. */
    private void closeContainer() {
        container[inContainer++] = previousContainer;
        long id = h.newId(16 + inContainer * 8);
        h.w.objectArray(id, h.objectArray.id, java.util.Arrays.copyOf(container, inContainer));
        previousContainer = id;
        if (rnd.nextInt(100) == 0) {
            h.w.root(0x01, id, 0);
        }
        inContainer = 0;
    }
}
