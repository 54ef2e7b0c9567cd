/**
 * What a heap dump says about off-heap causes (direct buffers, class loaders, native owners): records built by
 * {@code parse.hprof} and read by {@code analyze.heap}. Depends on nothing.
 */
package dev.offheap.model.heap;
