package dev.offheap.zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM whose names are hostile, for the tests that print them: it loads the library {@code args[0]} (a path whose
 * real name holds escape sequences and bytes that are not UTF-8, reached through a plain symlink), and starts
 * threads whose Java names hold terminal escapes, a newline, HTML and 5,000 characters, and whose kernel names
 * (comm, 15 bytes) hold an escape sequence, a newline and a byte that is not UTF-8. Prints "ready", then sleeps.
 */
public final class HostileNames {
    /** The Java thread names. */
    public static final String[] THREAD_NAMES = {"esc \u001b]0;pwned\u0007 \u001b[2J", "line\nbreak <b>bold</b>", "x".repeat(5000)};
    /** The kernel name each of those threads gives itself. */
    public static final byte[] COMM = {0x1b, '[', '3', '1', 'm', (byte) 0xff, '\n', '<', 'b', '>'};

    private HostileNames() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0) {
            System.load(args[0]);
        }
        for (String name : THREAD_NAMES) {
            Thread t = new Thread(HostileNames::nameAndSleep, name);
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep(300); // the threads have renamed themselves
        Ready.announce();
        Thread.sleep(3_600_000);
    }

    private static void nameAndSleep() {
        try {
            Files.write(Path.of("/proc/thread-self/comm"), COMM);
            Thread.sleep(3_600_000);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
