/**
 * Reading a live process through /proc (smaps, status, pagemap, mem, cgroup) and the JVMs of the host (hsperfdata).
 * May use {@code parse} and {@code model}.
 */
package dev.offheap.proc;
