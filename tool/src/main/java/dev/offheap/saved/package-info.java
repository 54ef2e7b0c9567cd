/**
 * Saved evidence, read and written: the collect folder's format and MANIFEST, loose files sniffed by content and
 * grouped into one process's evidence, watch recordings, jemalloc heap profiles as inputs. Hands model records to
 * {@code analyze}, as {@code live} does. May use {@code parse}, {@code assemble}, {@code files} and {@code model}.
 */
package dev.offheap.saved;
