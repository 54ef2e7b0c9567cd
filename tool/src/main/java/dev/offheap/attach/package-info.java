/**
 * The HotSpot attach client, written in Java over the UNIX socket (protocol v1 and v2), and wrappers of the jcmd
 * commands offheap sends; those answering with the target's configuration go through a {@code redact.Redactor}. May
 * use {@code proc} (to find targets), {@code parse}, {@code redact}, {@code model} and {@code agent}.
 */
package dev.offheap.attach;
