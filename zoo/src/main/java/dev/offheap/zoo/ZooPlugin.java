package dev.offheap.zoo;

/** A class that {@link HeapViewsZoo} defines once in each of its own class loaders (duplicate classes). */
public final class ZooPlugin {
    public int calls;

    public int call() {
        return ++calls;
    }
}
