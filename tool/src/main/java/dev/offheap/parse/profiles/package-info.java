/**
 * What profilers write: jemalloc heap_v2 profiles (with their maps section, read by {@code parse.proc}),
 * async-profiler's nativemem JFR, and jemalloc's version string. May use {@code parse}, {@code parse.proc} and
 * {@code model}.
 */
package dev.offheap.parse.profiles;
