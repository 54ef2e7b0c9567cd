/**
 * Evidence before the kill: when a JVM that {@code watch} or {@code export} follows nears its memory limit, a capture
 * (a collect folder of that moment with the window of samples before it) is saved on a thread of its own, one at a
 * time on the host, into a bounded folder; the growth profile of a JVM whose native memory grows (sampled page
 * faults, as collect --profile saves it) and what became of the JVM afterwards (an OOM kill) are added to it. May
 * use {@code live}, {@code saved}, {@code report}, {@code analyze}, {@code proc}, {@code files} and {@code model}.
 */
package dev.offheap.capture;
