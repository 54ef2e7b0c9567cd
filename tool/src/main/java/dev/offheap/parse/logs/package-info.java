/**
 * Logs a JVM writes: GC logs (unified and JDK 8) and hs_err crash logs, which embed the formats of
 * {@code parse.nmt}, {@code parse.jcmd} and {@code parse.proc}. May use those, {@code parse} and {@code model}.
 */
package dev.offheap.parse.logs;
