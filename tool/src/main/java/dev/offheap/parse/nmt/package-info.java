/**
 * Native Memory Tracking's text: {@code jcmd PID VM.native_memory summary|detail} (and their diffs) of JDK 8 to
 * 25, also as embedded in hs_err logs. May use {@code parse} and {@code model}.
 */
package dev.offheap.parse.nmt;
