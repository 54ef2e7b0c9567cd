package dev.offheap.analyze.rules;

import dev.offheap.model.Snapshot;

/** How this target can give retained malloc memory back, by what its JDK offers. */
final class TrimAdvice {
    private TrimAdvice() {
    }

    static String forTarget(Snapshot s) {
        boolean interval = s.flags() != null && s.flags().flag("TrimNativeHeapInterval").isPresent();
        boolean command = s.version() != null && (s.version().major() >= 21
                || (s.version().major() == 17 && s.version().atLeast(17, 9))
                || (s.version().major() == 11 && s.version().atLeast(11, 21)));
        StringBuilder sb = new StringBuilder();
        if (command) {
            sb.append(" To give free memory back now: jcmd ").append(s.pid()).append(" System.trim_native_heap.");
        }
        if (interval) {
            sb.append(" To trim periodically: -XX:TrimNativeHeapInterval=5000 (milliseconds)");
            if (s.version() != null && s.version().major() < 22) {
                sb.append(" with -XX:+UnlockExperimentalVMOptions on this JDK");
            }
            sb.append('.');
        }
        return sb.toString();
    }
}
