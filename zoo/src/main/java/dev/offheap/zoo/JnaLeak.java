package dev.offheap.zoo;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JNI leak through JNA: {@code args[0]} MiB per second (default 4) of {@link Memory} blocks of {@code args[1]} KiB
 * (default 256), spread evenly over each second, each cleared (so resident) and kept in a registry that nothing
 * empties. The memory is malloc'ed by JNA's libjnidispatch ({@code Native.malloc}) and first touched by
 * {@code Native.setMemory}; JNA extracts that library as {@code jna<digits>.tmp}, a JNI library whose file name does
 * not end in .so, loads it and deletes the file (the mapping stays, "(deleted)"). Unless {@code jna.tmpdir} is set,
 * it extracts into a private folder that this program removes once the library is loaded, so nothing is left
 * behind whatever ends it. Prints "ready" after the first block.
 */
public final class JnaLeak {
    private static final Map<Long, Memory> REGISTRY = new ConcurrentHashMap<>();

    private JnaLeak() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int perSecondMib = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int blockKib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        loadJna();
        long blocksPerSecond = Math.max(1, perSecondMib * 1024L / blockKib);
        long next = System.nanoTime();
        for (long i = 0; ; i++) {
            Memory block = new Memory(blockKib * 1024L);
            block.clear();
            REGISTRY.put(i, block);
            if (i == 0) {
                Ready.announce();
            }
            next += 1_000_000_000L / blocksPerSecond;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }

    // JNA 5 extracts into jna.tmpdir, else ~/.cache/JNA/temp on Linux (a folder it creates and leaves)
    private static void loadJna() throws IOException {
        if (System.getProperty("jna.tmpdir") != null) {
            Native.getNativeSize(long.class);
            return;
        }
        Path dir = Files.createTempDirectory("zoo-jna-");
        System.setProperty("jna.tmpdir", dir.toString());
        try {
            Native.getNativeSize(long.class); // loads libjnidispatch
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p); // JNA deletes its copy itself once loaded; this is for a failed load
                }
            }
            Files.delete(dir);
        }
    }
}
