package dev.offheap.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Objects with exactly known numbers for {@code offheap heap}; run with {@code -XX:+DisableExplicitGC -Xmn64m} so no
 * GC runs before the dump. Kept: 5 direct buffers of 64 KiB in a static list, 1 temporary 2 MiB buffer in the NIO
 * buffer cache of thread "io-3", 4 views (2 slices, 1 duplicate, 1 read-only), 1 mapped 64 KiB file
 * "zoo-mapped.dat". Dropped but not collected: 8 direct buffers of 1 MiB. 12 loaders each defining
 * {@link ZooPlugin}. 3 methods invoked 20 times by reflection (JDK 17: 3 GeneratedMethodAccessors). Deflaters:
 * 3 never ended, 2 ended; Inflaters: 2 never ended, 1 ended.
 */
public final class HeapViewsZoo {
    public static final int KEPT = 5;
    public static final int KEPT_BYTES = 64 * 1024;
    public static final int CACHED_BYTES = 2 * 1024 * 1024;
    public static final int DROPPED = 8;
    public static final int DROPPED_BYTES = 1024 * 1024;
    public static final int LOADERS = 12;
    private static final List<Object> KEPT_OBJECTS = new ArrayList<>();

    private HeapViewsZoo() {
    }

    public static void main(String[] args) throws Exception {
        List<ByteBuffer> kept = new ArrayList<>();
        for (int i = 0; i < KEPT; i++) {
            kept.add(ByteBuffer.allocateDirect(KEPT_BYTES));
        }
        ByteBuffer first = kept.get(0);
        kept.add(first.slice(0, 1024));
        kept.add(first.slice(1024, 1024));
        kept.add(first.duplicate());
        kept.add(first.asReadOnlyBuffer());
        KEPT_OBJECTS.add(kept);
        for (int i = 0; i < DROPPED; i++) {
            ByteBuffer.allocateDirect(DROPPED_BYTES).put(0, (byte) 1);
        }
        KEPT_OBJECTS.add(mapFile(Path.of("zoo-mapped.dat")));
        writeOnThreadIo3(Path.of("zoo-written.dat"));
        defineInLoaders();
        reflect();
        zipStreams();
        Ready.announce();
        Thread.sleep(3_600_000);
    }

    private static MappedByteBuffer mapFile(Path file) throws IOException {
        // RandomAccessFile, not Files.write: a channel would leave a temporary direct buffer in main's cache
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(KEPT_BYTES);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, KEPT_BYTES);
        }
    }

    /** A heap buffer written to a file channel: NIO copies it through a temporary direct buffer and caches that. */
    private static void writeOnThreadIo3(Path file) throws Exception {
        Thread t = new Thread(() -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.allocate(CACHED_BYTES));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            sleepForever();
        }, "io-3");
        t.setDaemon(true);
        t.start();
        while (t.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(10);
        }
    }

    private static void defineInLoaders() throws Exception {
        byte[] bytes;
        try (InputStream in = HeapViewsZoo.class.getResourceAsStream("ZooPlugin.class")) {
            bytes = in.readAllBytes();
        }
        for (int i = 0; i < LOADERS; i++) {
            ZooLoader loader = new ZooLoader();
            Class<?> c = loader.define(ZooPlugin.class.getName(), bytes);
            KEPT_OBJECTS.add(c.getDeclaredConstructor().newInstance());
        }
    }

    private static void reflect() throws Exception {
        ZooPlugin target = new ZooPlugin();
        for (String name : new String[] {"call", "hashCode", "toString"}) {
            Method m = name.equals("call") ? ZooPlugin.class.getMethod(name) : Object.class.getMethod(name);
            for (int i = 0; i < 20; i++) {
                m.invoke(target);
            }
        }
    }

    private static void zipStreams() {
        for (int i = 0; i < 3; i++) {
            KEPT_OBJECTS.add(new Deflater());
        }
        for (int i = 0; i < 2; i++) {
            Deflater d = new Deflater();
            d.end();
            KEPT_OBJECTS.add(d);
        }
        for (int i = 0; i < 2; i++) {
            KEPT_OBJECTS.add(new Inflater());
        }
        Inflater ended = new Inflater();
        ended.end();
        KEPT_OBJECTS.add(ended);
    }

    private static void sleepForever() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A class loader of its own: one per plugin, like an application server's per-deployment loader. */
    static final class ZooLoader extends ClassLoader {
        ZooLoader() {
            super(HeapViewsZoo.class.getClassLoader());
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
