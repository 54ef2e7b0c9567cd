/**
 * The analysis: RSS accounting, the budget, arenas, trends over samples, and the diagnosis rules that turn a
 * snapshot or a recording into findings. Pure: no I/O. May use {@code model}.
 */
package dev.offheap.analyze;
