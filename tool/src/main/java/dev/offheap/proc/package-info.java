/**
 * Reading a live process through /proc (smaps, status, pagemap, mem, cgroup) and the JVMs of the host (hsperfdata).
 * What carries the target's configuration (environ, cmdline, hsperfdata's strings) is read through a
 * {@code redact.Redactor}. May use {@code parse}, {@code redact} and {@code model}.
 */
package dev.offheap.proc;
