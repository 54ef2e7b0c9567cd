package dev.offheap.model;

/**
 * "Metadata:" (non-class) or "Class space:" block under Class (JDK 10+): reserved, committed, used, waste; free is
 * printed by JDK 10-15 only (null otherwise).
 */
public record NmtMetaspace(NmtAmount reserved, NmtAmount committed, NmtAmount used, NmtAmount free, NmtAmount waste) {
}
