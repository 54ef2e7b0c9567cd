/**
 * Renderers: text, JSON ({@code offheap/1}), watch recordings' lines, collapsed stacks, the terminal's live view.
 * Strings out, no decisions. May use {@code model}.
 */
package dev.offheap.report;
