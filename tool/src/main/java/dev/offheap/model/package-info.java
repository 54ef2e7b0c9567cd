/**
 * The model: immutable records that every stage hands to the next (Snapshot, MemoryMap, Recording, Profile,
 * Finding…), whatever source they came from, and the catalog of finding ids (FindingId). Depends on nothing; does
 * no I/O.
 */
package dev.offheap.model;
