package dev.offheap.model.heap;

import java.util.List;

/** Mapped byte buffers ({@code FileChannel.map}) and their files where the dump tells. */
public record MappedBufferSummary(long count, long capacityBytes, List<MappedFile> files) {
    public MappedBufferSummary {
        files = List.copyOf(files);
    }
}
