/**
 * Makes a {@link dev.offheap.model.Snapshot} from its raw sources ({@link dev.offheap.model.SnapshotSources}),
 * the one path from bytes to model for a live JVM and a saved folder alike, and offheap's own derived files
 * (pagemap residency, glibc heaps, .bss, threads). May use {@code parse} and {@code model}.
 */
package dev.offheap.assemble;
