/**
 * Answers of jcmd commands and the files they write: VM.flags, VM.version, VM.command_line, GC.heap_info,
 * Compiler.codecache, System.map, System.native_heap_info, VM.classloader_stats, VM.class_hierarchy,
 * PerfCounter.print, the perf map of Compiler.perfmap, and the buffer-pool value offheap's agent publishes. May use
 * {@code parse} and {@code model}.
 */
package dev.offheap.parse.jcmd;
