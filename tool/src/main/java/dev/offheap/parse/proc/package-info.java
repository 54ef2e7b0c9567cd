/**
 * The files a process leaves in /proc and beside it: smaps and maps, {@code pmap -x/-X}, status, environ,
 * cmdline, the cgroup's memory files and the JVM's hsperfdata. May use {@code parse} and {@code model}.
 */
package dev.offheap.parse.proc;
