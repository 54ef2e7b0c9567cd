package dev.offheap.zoo;

/** The line every zoo program prints on stdout when it is set up, so a test or the demo knows when to look. */
public final class Ready {
    public static final String LINE = "ready";

    private Ready() {
    }

    public static void announce() {
        System.out.println(LINE);
        System.out.flush();
    }
}
