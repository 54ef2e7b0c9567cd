package dev.offheap.capture;

import dev.offheap.files.HostLock;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The host's capture lock as a capture takes it: waited for (polled) up to the settings' wait, with one line said while
 * another process's capture runs. Where the lock file cannot be opened (no /run/lock, a read-only /run), the capture
 * runs anyway and this is said: captures stay one at a time within this process, not across processes.
 */
final class CaptureLock implements AutoCloseable {
    static final String UNAVAILABLE = "captures are not coordinated with other offheap processes on this host";
    private static final long POLL_MILLIS = 200;

    private final HostLock lock;
    private final boolean held;
    private final String why;

    private CaptureLock(HostLock lock, boolean held, String why) {
        this.lock = lock;
        this.held = held;
        this.why = why;
    }

    static CaptureLock take(CaptureSettings s, String holder, Consumer<String> say) {
        long end = System.currentTimeMillis() + s.lockWaitMillis();
        boolean said = false;
        while (true) {
            Optional<HostLock> lock;
            try {
                lock = HostLock.tryAcquire(s.lockFile(), holder);
            } catch (IOException | SecurityException e) {
                say.accept(UNAVAILABLE + ": cannot open " + s.lockFile() + ": " + e.getMessage());
                return new CaptureLock(null, true, null);
            }
            if (lock.isPresent()) {
                return new CaptureLock(lock.get(), true, null);
            }
            String other = HostLock.holder(s.lockFile());
            if (System.currentTimeMillis() >= end) {
                return new CaptureLock(null, false, "another capture on this host held the lock " + s.lockFile() + " for "
                        + s.lockWaitMillis() / 1000 + " s" + (other == null ? "" : " (" + other + ")"));
            }
            if (!said) {
                say.accept("waiting for another capture on this host to end" + (other == null ? "" : " (" + other + ")"));
                said = true;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new CaptureLock(null, false, "interrupted while waiting for the host's capture lock");
            }
        }
    }

    boolean held() {
        return held;
    }

    String why() {
        return why;
    }

    @Override
    public void close() {
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                // the lock goes with the descriptor anyway
            }
        }
    }
}
