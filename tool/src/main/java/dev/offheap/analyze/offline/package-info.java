/**
 * Findings that only saved files support: hs_err logs (native out of memory) and GC logs (metaspace-triggered
 * and System.gc() collections, a full code cache). Pure: no I/O. May use {@code model}.
 */
package dev.offheap.analyze.offline;
