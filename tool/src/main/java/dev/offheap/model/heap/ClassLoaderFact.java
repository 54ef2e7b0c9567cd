package dev.offheap.model.heap;

/** A class loader object in a heap dump: its id and its class name (its type). */
public record ClassLoaderFact(long id, String type) {
}
