/**
 * Pure format readers, one sub-package per family (NMT, /proc and pmap, jcmd answers, logs, profilers' outputs,
 * HPROF, ELF/DWARF/C++ symbols), and what they share: {@link dev.offheap.parse.Lines} and
 * {@link dev.offheap.parse.TextInput}. A reader knows no process: text or bytes in, a model record and its warnings
 * out. May use {@code model}.
 */
package dev.offheap.parse;
