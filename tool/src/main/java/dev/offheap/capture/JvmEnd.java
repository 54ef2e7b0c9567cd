package dev.offheap.capture;

import dev.offheap.model.InputException;
import dev.offheap.model.Sizes;
import dev.offheap.saved.CaptureFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * What became of a followed JVM once it ended: whether the OOM killer ended it ({@link OomTracker}), said in one line
 * ("killed by the OOM killer 3 min after the 90% capture (DIR): the kernel log: …") and added to each of its captures
 * still there as an outcome line, so that the capture tells it wherever it is read.
 */
final class JvmEnd {
    private JvmEnd() {
    }

    /** {@code saved}: the JVM's captures, oldest first; {@code noticedAtMillis}: when its end was seen. */
    static void judge(Subject subject, OomTracker oom, List<Saved> saved, long noticedAtMillis, Consumer<String> log) {
        OomTracker.Verdict v = oom.judge();
        Saved last = saved.isEmpty() ? null : saved.get(saved.size() - 1);
        if (v.ending() != OomTracker.Ending.KILLED && last == null) {
            return; // an end with nothing captured and no kill: the follower's own log says the JVM is gone
        }
        long at = v.atMillis() != null ? v.atMillis() : noticedAtMillis;
        String approx = v.atMillis() == null ? "about " : "";
        String after = last == null ? "" : " " + approx + Sizes.duration(Math.max(0, at - last.startedAtMillis()) / 1000.0)
                + " after " + last.reason().captureWords() + " (" + last.dir() + ")";
        String none = last == null ? "; no capture was taken before" : "";
        log.accept(subject.words() + ": " + switch (v.ending()) {
            case KILLED -> CaptureFolder.KILLED + after + none;
            case PROBABLY_KILLED -> "probably " + CaptureFolder.KILLED + after + none;
            case NOT_KILLED -> "ended" + after + ", not by the OOM killer";
            case UNKNOWN -> "ended" + after + "; whether the OOM killer ended it is unknown";
        } + ": " + v.evidence());
        for (Saved s : saved) {
            String outcome = switch (v.ending()) {
                case KILLED -> CaptureFolder.KILLED;
                case PROBABLY_KILLED -> "probably " + CaptureFolder.KILLED;
                case NOT_KILLED -> "the JVM ended, not by the OOM killer,";
                case UNKNOWN -> "the JVM ended (whether the OOM killer ended it is unknown)";
            } + " at " + Instant.ofEpochMilli(at) + (v.atMillis() == null ? " or a little before" : "") + ", "
                    + Sizes.duration(Math.max(0, at - s.startedAtMillis()) / 1000.0) + " after this capture: " + v.evidence();
            try {
                if (Files.isDirectory(s.dir())) {
                    CaptureFolder.write(s.dir(), CaptureFolder.read(s.dir()).withOutcome(outcome));
                }
            } catch (IOException | InputException e) {
                log.accept("cannot add the outcome to " + s.dir() + ": " + e.getMessage());
            }
        }
    }
}
