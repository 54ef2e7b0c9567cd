package dev.offheap.model;

/**
 * One process the kernel's OOM killer ended, as its log says: the pid (in the host's pid namespace), the command
 * name, the kernel's timestamp (microseconds since boot) and the message itself.
 */
public record KernelOomKill(long pid, String command, long bootMicros, String message) {
}
