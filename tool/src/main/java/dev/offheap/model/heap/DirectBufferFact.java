package dev.offheap.model.heap;

/**
 * One direct (or mapped) ByteBuffer object of a heap dump. {@code owning}: it has a cleaner, so it owns native
 * memory. {@code view}: a slice, duplicate or view of another buffer (no cleaner, an attachment). Neither: memory
 * the buffer does not free itself (JNI {@code NewDirectByteBuffer}, JDK 22+ NIO temporary buffers). {@code file}: the mapped file where known, else null.
 * {@code reachable}: null when reachability was not computed. {@code holder}: for a reachable buffer, the path from
 * its GC root, else null; {@code thread}: the thread on that path, else null.
 */
public record DirectBufferFact(long id, String className, long capacityBytes, boolean owning, boolean view, boolean mapped,
                               String file, Boolean reachable, String holder, String thread) {
}
