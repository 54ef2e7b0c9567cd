package dev.offheap.zoo;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

/**
 * A JNI leak through zstd-jni: every {@code args[0]} ms (default 100) it opens a ZstdOutputStreamNoFinalizer, writes
 * to it and drops it without close(), so its native compression context (malloc'ed by libzstd-jni) is never freed.
 * In between it churns: opens, writes and closes {@code args[1]} streams (default 4), which allocate and free the
 * same way. Prints "ready" after the first leaked stream. With {@code args[2]} it exits after that many ms.
 */
public final class ZstdLeak {
    private ZstdLeak() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        long everyMillis = args.length > 0 ? Long.parseLong(args[0]) : 100;
        int churn = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        long stopAt = args.length > 2 ? System.nanoTime() + Long.parseLong(args[2]) * 1_000_000 : Long.MAX_VALUE;
        byte[] data = new byte[64 * 1024];
        new Random(7).nextBytes(data);
        boolean announced = false;
        while (System.nanoTime() - stopAt < 0) {
            leakOne(data);
            if (!announced) {
                Ready.announce();
                announced = true;
            }
            for (int i = 0; i < churn; i++) {
                churnOne(data);
            }
            Thread.sleep(everyMillis);
        }
    }

    /** Opens a stream and drops it unclosed: without a finalizer nothing ever frees its native context. */
    static void leakOne(byte[] data) throws IOException {
        ZstdOutputStreamNoFinalizer out = new ZstdOutputStreamNoFinalizer(new ByteArrayOutputStream(), 3);
        out.write(data);
        out.flush();
    }

    static void churnOne(byte[] data) throws IOException {
        try (ZstdOutputStreamNoFinalizer out = new ZstdOutputStreamNoFinalizer(new ByteArrayOutputStream(), 3)) {
            out.write(data);
        }
    }
}
