/**
 * Views and rules of a heap dump's facts: direct buffers and their holders, class loaders, native owners. Pure:
 * no I/O. May use {@code model}.
 */
package dev.offheap.analyze.heap;
