/**
 * HotSpot HPROF heap dumps (JAVA PROFILE 1.0.1/1.0.2, also gzipped), streamed in passes with an index kept off
 * the Java heap, into {@code model.heap} facts. May use {@code model}.
 */
package dev.offheap.parse.hprof;
