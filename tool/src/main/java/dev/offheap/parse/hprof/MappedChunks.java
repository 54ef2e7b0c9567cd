package dev.offheap.parse.hprof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory-mapped chunks of a growable array in a private directory. Each chunk's file is deleted as soon as it is
 * mapped (its pages live on until unmapped), and the kernel may write pages back to disk under memory pressure, so
 * arrays larger than free memory work. {@link #close()} unmaps at once instead of waiting for a GC.
 */
final class MappedChunks implements AutoCloseable {
    private static final Method INVOKE_CLEANER;
    private static final Object UNSAFE;

    static {
        Object unsafe = null;
        Method m = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            m = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // unmapping then waits for a GC; correctness does not depend on it
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = m;
    }

    private final Path dir;
    private final String name;
    private final long chunkBytes;
    final List<ByteBuffer> chunks = new ArrayList<>();

    MappedChunks(Path dir, String name, long chunkBytes) {
        this.dir = dir;
        this.name = name;
        this.chunkBytes = chunkBytes;
    }

    ByteBuffer chunk(int index) {
        while (chunks.size() <= index) {
            chunks.add(map(chunks.size()));
        }
        return chunks.get(index);
    }

    private ByteBuffer map(int index) {
        Path file = dir.resolve(name + "." + index);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_WRITE, 0, chunkBytes);
            Files.delete(file);
            return b.order(ByteOrder.nativeOrder());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map a work file in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (INVOKE_CLEANER != null) {
            for (ByteBuffer b : chunks) {
                try {
                    INVOKE_CLEANER.invoke(UNSAFE, b);
                } catch (ReflectiveOperationException e) {
                    break;
                }
            }
        }
        chunks.clear();
    }
}
