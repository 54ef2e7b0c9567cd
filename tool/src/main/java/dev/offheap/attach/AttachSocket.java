package dev.offheap.attach;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One round trip on the attach listener's UNIX socket ({@code .java_pid<nspid>}): connect, send the request, read the
 * reply until the JVM closes the connection (HotSpot serves one operation per connection), all within a deadline.
 */
final class AttachSocket {
    private AttachSocket() {
    }

    /** Sends {@code request} and returns every byte of the reply; throws TimeoutException past {@code deadlineNanos}. */
    static byte[] exchange(Path socket, byte[] request, long deadlineNanos) throws IOException, TimeoutException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // A UNIX connect completes at once while the listener's backlog has room, even if the JVM is stopped.
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.configureBlocking(false);
            try (Selector selector = Selector.open()) {
                SelectionKey key = ch.register(selector, SelectionKey.OP_WRITE);
                ByteBuffer out = ByteBuffer.wrap(request);
                while (out.hasRemaining()) {
                    if (ch.write(out) == 0) {
                        await(selector, deadlineNanos);
                    }
                }
                key.interestOps(SelectionKey.OP_READ);
                ByteArrayOutputStream reply = new ByteArrayOutputStream();
                ByteBuffer in = ByteBuffer.allocate(64 * 1024);
                while (true) {
                    int n = ch.read(in);
                    if (n < 0) {
                        return reply.toByteArray();
                    }
                    if (n == 0) {
                        await(selector, deadlineNanos);
                        continue;
                    }
                    reply.write(in.array(), 0, in.position());
                    in.clear();
                }
            }
        }
    }

    /** Whether a listener accepts connections on {@code socket} (a sanity connect, as the JDK's own client does). */
    static boolean accepts(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void await(Selector selector, long deadlineNanos) throws IOException, TimeoutException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException();
        }
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        selector.selectedKeys().clear();
    }
}
