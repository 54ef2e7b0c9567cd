/**
 * The HotSpot attach client, written in Java over the UNIX socket (protocol v1 and v2), and wrappers of the jcmd
 * commands offheap sends. May use {@code proc} (to find targets), {@code parse}, {@code model} and {@code agent}.
 */
package dev.offheap.attach;
