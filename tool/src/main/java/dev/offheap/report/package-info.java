/**
 * Renderers: text, JSON ({@code offheap/1}), watch recordings' lines, collapsed stacks, the terminal's live view,
 * and docs/findings.md from the finding catalog (FindingsPage, run by scripts/gen-docs).
 * Strings out, no decisions. May use {@code model}.
 */
package dev.offheap.report;
