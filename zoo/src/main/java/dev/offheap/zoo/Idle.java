package dev.offheap.zoo;

/** A JVM that does nothing: prints "ready" and sleeps until killed (or for {@code args[0]} seconds). */
public final class Idle {
    private Idle() {
    }

    public static void main(String[] args) throws InterruptedException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 3600;
        Ready.announce();
        Thread.sleep(seconds * 1000);
    }
}
