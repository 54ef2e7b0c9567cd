package dev.offheap.model;

import java.util.OptionalLong;

/** mmap use of a category: "(mmap: reserved=65536KB, committed=65536KB, at peak)"; peak of committed from JDK 22. */
public record NmtMmap(NmtAmount reserved, NmtAmount committed, OptionalLong peakCommittedBytes) {
}
