package dev.offheap.zoo;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Random;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * A JNI leak through zstd-jni: every {@code args[0]} ms (default 100) it opens a ZstdOutputStreamNoFinalizer, writes
 * to it and drops it without close(), so its native compression context (malloc'ed by libzstd-jni) is never freed.
 * In between it churns: opens, writes and closes {@code args[1]} streams (default 4), which allocate and free the
 * same way. Prints "ready" after the first leaked stream. With {@code args[2]} it exits after that many ms. With
 * {@code args[3]} "warm" it first churns until the JIT has made the native-method wrapper of compressStream (as
 * {@code jcmd Compiler.codelist} lists it), so that every leaked stack goes through the wrapper, however slow the
 * machine (the JIT's thresholds grow with its queue), rather than through the interpreter for the first leaks.
 */
public final class ZstdLeak {
    private ZstdLeak() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        long everyMillis = args.length > 0 ? Long.parseLong(args[0]) : 100;
        int churn = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        byte[] data = new byte[64 * 1024];
        new Random(7).nextBytes(data);
        if (args.length > 3 && args[3].equals("warm")) {
            warmUp(data);
        }
        long stopAt = args.length > 2 ? System.nanoTime() + Long.parseLong(args[2]) * 1_000_000 : Long.MAX_VALUE;
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

    /** Churns until compressStream's native wrapper exists (at most 30 s: then the first leaks go without it). */
    static void warmUp(byte[] data) throws IOException {
        long giveUpAt = System.nanoTime() + 30_000_000_000L;
        while (!wrapperCompiled() && System.nanoTime() - giveUpAt < 0) {
            for (int i = 0; i < 20; i++) {
                churnOne(data);
            }
        }
    }

    // "130 0 0 com.github.luben.zstd.ZstdOutputStreamNoFinalizer.compressStream(J[BI[BI)I [0x..., 0x... - 0x...]":
    // the method is native, so an entry of it in the code cache is its wrapper
    private static boolean wrapperCompiled() {
        try {
            Object list = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "compilerCodelist", new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return list.toString().contains("ZstdOutputStreamNoFinalizer.compressStream(");
        } catch (JMException e) {
            throw new IllegalStateException("cannot list the code cache: " + e.getMessage(), e);
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
