package dev.offheap.model;

import java.util.OptionalLong;

/**
 * The Thread category's extras: "(thread #21)" (JDK 8-17) or "(threads #19)" (JDK 21+) and
 * "(stack: reserved=16384KB, committed=872KB)". {@code stackCommitted} is null where only a malloc'd stack size is
 * printed ("(Stack: 1024KB)", platforms tracking stacks as malloc), then held in {@code stackReserved}.
 */
public record NmtThreads(NmtCount threads, NmtAmount stackReserved, NmtAmount stackCommitted, OptionalLong stackPeakBytes) {
}
