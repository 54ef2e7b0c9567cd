package dev.offheap.model.heap;

/** Mapped byte buffers of one file ({@code file} null: unknown file). */
public record MappedFile(String file, long buffers, long capacityBytes) {
}
