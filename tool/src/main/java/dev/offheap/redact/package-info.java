/**
 * Redaction of the target's configuration where offheap reads it (environment, command line, VM.command_line,
 * string flags, system properties, hsperfdata strings): one {@link dev.offheap.redact.Redactor} per command decides
 * which values are secret and remembers the keys it redacted. Pure: no I/O. Uses nothing of offheap; every package
 * that reads a target's configuration may use it.
 */
package dev.offheap.redact;
