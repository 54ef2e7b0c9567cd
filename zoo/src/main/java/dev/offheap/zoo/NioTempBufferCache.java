package dev.offheap.zoo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * NIO's temporary buffer cache: every {@code args[0]} ms (default 200) a new long-lived thread reads a file through a
 * FileChannel into a large heap ByteBuffer ({@code args[1]} KiB, default 1024) and then stays alive, reading again now
 * and then. NIO copies through a temporary direct buffer of the request's size that each thread keeps cached, so
 * the direct pool grows with the threads. The file (in the working directory) is deleted when the JVM ends normally.
 */
public final class NioTempBufferCache {
    private NioTempBufferCache() {
    }

    public static void main(String[] args) throws Exception {
        long everyMillis = args.length > 0 ? Long.parseLong(args[0]) : 200;
        int bufferBytes = (args.length > 1 ? Integer.parseInt(args[1]) : 1024) * 1024;
        int maxThreads = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path file = Path.of("offheap-nio-data.bin");
        Files.write(file, new byte[bufferBytes]);
        file.toFile().deleteOnExit();
        for (int t = 0; t < maxThreads; t++) {
            Thread reader = new Thread(() -> readForever(file, bufferBytes), "io-reader-" + t);
            reader.setDaemon(true);
            reader.start();
            if (t == 0) {
                Ready.announce();
            }
            Thread.sleep(everyMillis);
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void readForever(Path file, int bufferBytes) {
        ByteBuffer heap = ByteBuffer.allocate(bufferBytes);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                heap.clear();
                ch.read(heap, 0);
                Thread.sleep(5_000);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
