package dev.offheap.model.heap;

/** A class in a heap dump and the id of the loader that defined it (0: the bootstrap loader). */
public record LoadedClass(String name, long loaderId) {
}
