package dev.offheap.model;

/** The Class category's counts: "(classes #2744)" and, from JDK 11, "(  instance classes #2466, array classes #278)". */
public record NmtClassCounts(NmtCount classes, NmtCount instanceClasses, NmtCount arrayClasses) {
}
