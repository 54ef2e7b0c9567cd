/**
 * The Prometheus exporter: discovery of the host's JVMs, per-JVM sampling state, metrics, and the captures of JVMs
 * nearing their limit. May use {@code capture}, {@code live}, {@code proc}, {@code redact}, {@code analyze} and
 * {@code model}.
 */
package dev.offheap.export;
