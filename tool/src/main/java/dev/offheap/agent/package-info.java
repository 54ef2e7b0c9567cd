/**
 * The small agent offheap loads into a target JVM to publish its NIO buffer pools. Self-contained: it runs inside
 * the target and uses nothing of offheap.
 */
package dev.offheap.agent;
