package dev.offheap.attach;

import java.time.Duration;

/**
 * How to attach: how long the JVM may take to start its attach listener, how long one operation may take, whether
 * protocol v2 may be used (JDK 24+) and whether the JVM may stream output (JDK 25+; off by default, so that a
 * command failing while it runs is reported by its result code and not only as text).
 */
public record AttachOptions(Duration listenerTimeout, Duration commandTimeout, boolean allowV2, boolean streaming) {
    public AttachOptions {
        if (listenerTimeout.isNegative() || listenerTimeout.isZero() || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** 10 s to start the listener, 60 s per operation, v2 where supported, no streaming. */
    public static AttachOptions defaults() {
        return new AttachOptions(Duration.ofSeconds(10), Duration.ofSeconds(60), true, false);
    }

    public AttachOptions withListenerTimeout(Duration d) {
        return new AttachOptions(d, commandTimeout, allowV2, streaming);
    }

    public AttachOptions withCommandTimeout(Duration d) {
        return new AttachOptions(listenerTimeout, d, allowV2, streaming);
    }

    /** Restricts the client to protocol v1 even where the target supports v2. */
    public AttachOptions withV1Only() {
        return new AttachOptions(listenerTimeout, commandTimeout, false, streaming);
    }

    public AttachOptions withStreaming(boolean on) {
        return new AttachOptions(listenerTimeout, commandTimeout, allowV2, on);
    }

    /** "10s", or "1500ms" when not whole seconds. */
    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
