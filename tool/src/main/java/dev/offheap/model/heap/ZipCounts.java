package dev.offheap.model.heap;

/**
 * {@code java.util.zip} Inflater and Deflater objects; "not ended" ones still hold their zlib stream (native
 * memory) until {@code end()} or their cleaner runs.
 */
public record ZipCounts(long inflaters, long inflatersNotEnded, long deflaters, long deflatersNotEnded) {
}
