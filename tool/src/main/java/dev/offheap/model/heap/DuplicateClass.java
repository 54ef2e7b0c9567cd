package dev.offheap.model.heap;

/** A class name defined by more than one class loader. */
public record DuplicateClass(String name, long loaders) {
}
