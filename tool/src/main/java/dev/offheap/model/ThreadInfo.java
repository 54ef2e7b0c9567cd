package dev.offheap.model;

/**
 * One thread of a process: its id, its name ({@code /proc/PID/task/TID/comm}, at most 15 characters) and, where the
 * thread was blocked in a system call, its user stack pointer ({@code /proc/PID/task/TID/syscall}); null otherwise.
 */
public record ThreadInfo(long tid, String name, Long stackPointer) {
}
