/**
 * One class per diagnosis rule of a snapshot or a recording (a finding id each, with its evidence and fix).
 * Pure: no I/O. May use {@code analyze} and {@code model}.
 */
package dev.offheap.analyze.rules;
