/**
 * Reading a running JVM: snapshots (sources gathered concurrently, then assembled), watch sampling, malloc
 * profiling sessions, heap dumps, and the extra files of a collect. May use {@code attach}, {@code proc},
 * {@code profile}, {@code parse}, {@code assemble}, {@code analyze}, {@code redact}, {@code files}, {@code model} and
 * {@code agent}.
 */
package dev.offheap.live;
