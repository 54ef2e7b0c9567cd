/**
 * The Prometheus exporter: discovery of the host's JVMs, per-JVM sampling state, metrics. May use {@code live},
 * {@code proc}, {@code redact}, {@code analyze} and {@code model}.
 */
package dev.offheap.export;
