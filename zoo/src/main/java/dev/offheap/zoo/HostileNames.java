package dev.offheap.zoo;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM whose names are hostile, for the tests that print them: it loads the library {@code args[0]} (a path whose
 * real name holds escape sequences and bytes that are not UTF-8, reached through a plain symlink), and starts
 * threads whose Java names hold terminal escapes, a newline, HTML and 5,000 characters, and whose kernel names
 * (comm, 15 bytes) hold an escape sequence, a newline and a byte that is not UTF-8, and defines a class whose name
 * holds an escape sequence, a newline and HTML in three loaders of its own (so that the heap views list it as a
 * duplicate class). Prints "ready", then sleeps.
 */
public final class HostileNames {
    /** The Java thread names. */
    public static final String[] THREAD_NAMES = {"esc \u001b]0;pwned\u0007 \u001b[2J", "line\nbreak <b>bold</b>", "x".repeat(5000)};
    /** The kernel name each of those threads gives itself. */
    public static final byte[] COMM = {0x1b, '[', '3', '1', 'm', (byte) 0xff, '\n', '<', 'b', '>'};

    /**
     * The binary name of the class defined three times: a terminal reset (ESC c), a clear screen by the one-character
     * CSI (U+009B), a bell, a tag, a right-to-left override and a newline ('[' and ';' are not legal in class names).
     */
    public static final String CLASS_NAME = "evil.Cls\u001bc\u009b2J\u0007<blink>\u202e\nline";
    private static final List<Class<?>> DEFINED = new ArrayList<>();

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
        for (int i = 0; i < 3; i++) {
            DEFINED.add(new Loader().define(classFile(CLASS_NAME.replace('.', '/'))));
        }
        Thread.sleep(300); // the threads have renamed themselves
        Ready.announce();
        Thread.sleep(3_600_000);
    }

    /** A loader of its own for each copy of the class (one loader cannot define a name twice). */
    private static final class Loader extends ClassLoader {
        Loader() {
            super(HostileNames.class.getClassLoader());
        }

        Class<?> define(byte[] b) {
            return defineClass(null, b, 0, b.length);
        }
    }

    /** The smallest class file of {@code internalName} extending Object: no fields, no methods (version 52). */
    private static byte[] classFile(String internalName) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(52);
            out.writeShort(5); // constant pool: 4 entries
            out.writeByte(1);
            out.writeUTF(internalName); // #1
            out.writeByte(7);
            out.writeShort(1); // #2 the class
            out.writeByte(1);
            out.writeUTF("java/lang/Object"); // #3
            out.writeByte(7);
            out.writeShort(3); // #4 its superclass
            out.writeShort(0x0021); // public super
            out.writeShort(2);
            out.writeShort(4);
            out.writeShort(0); // interfaces
            out.writeShort(0); // fields
            out.writeShort(0); // methods
            out.writeShort(0); // attributes
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
