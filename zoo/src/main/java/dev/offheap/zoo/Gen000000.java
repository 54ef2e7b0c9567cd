package dev.offheap.zoo;

/**
 * The template of the classes the class-loading zoo programs define at run time ({@link GeneratedClasses}): its
 * bytes are loaded again and again, under this name or a renamed copy (Gen000001, …). Its methods give each copy
 * some metadata and code to compile.
 */
public final class Gen000000 implements Runnable {
    private long state = 17;

    @Override
    public void run() {
        for (int i = 0; i < 8; i++) {
            state = a(state) ^ b(state) ^ c(state) ^ d(state);
        }
    }

    public long work(long x) {
        return a(x) + b(x) + c(x) + d(x) + e(x) + f(x);
    }

    long a(long x) {
        return x * 31 + "alpha-constant-for-metadata".length();
    }

    long b(long x) {
        return (x ^ 0x5DEECE66DL) + "bravo-constant-for-metadata".hashCode();
    }

    long c(long x) {
        return Long.rotateLeft(x, 7) - "charlie-constant-for-metadata".length();
    }

    long d(long x) {
        return x % 1_000_003 + "delta-constant-for-metadata".indexOf('t');
    }

    long e(long x) {
        long r = x;
        for (int i = 0; i < 4; i++) {
            r = r * 6364136223846793005L + 1442695040888963407L;
        }
        return r;
    }

    long f(long x) {
        StringBuilder sb = new StringBuilder("foxtrot-");
        sb.append(x & 0xff);
        return sb.length() + state;
    }
}
