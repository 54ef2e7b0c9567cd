/**
 * Drivers of the profilers (async-profiler loaded through the attach API, jemalloc) and symbolization of native
 * and JIT frames. May use {@code attach}, {@code parse}, {@code files} and {@code model}.
 */
package dev.offheap.profile;
