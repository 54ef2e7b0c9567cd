/**
 * Saved evidence, read and written: the collect folder's format and MANIFEST, loose files sniffed by content and
 * grouped into one process's evidence, watch recordings, JDK Flight Recorder recordings (through the JDK's
 * {@code jdk.jfr.consumer}), jemalloc heap profiles as inputs. Hands model records to
 * {@code analyze}, as {@code live} does; what it writes is owner-only and its MANIFEST says what was redacted. May use
 * {@code parse}, {@code assemble}, {@code redact}, {@code files} and {@code model}.
 */
package dev.offheap.saved;
