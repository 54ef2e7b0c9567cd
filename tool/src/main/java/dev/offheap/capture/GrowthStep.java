package dev.offheap.capture;

import dev.offheap.model.CollectedFile;
import java.util.List;
import java.util.function.Consumer;

/**
 * The growth profile of a capture, taken after its snapshot is saved when native memory grows in the window: a short
 * profile that names the culprit. One call, so that the profiler behind it can change.
 */
public interface GrowthStep {
    /**
     * Profiles {@code pid} and returns the files to add to the capture, each with its manifest line (a file without
     * content is a line saying what was not taken and why); {@code say} gets progress lines.
     *
     * @throws dev.offheap.model.TargetException when the target cannot be profiled or exits meanwhile
     */
    List<CollectedFile> profile(long pid, Consumer<String> say);

    /**
     * What this offheap has: no growth profile (sampled page faults). The malloc profile it has is not used: its hooks
     * stay patched in the target for the JVM's life, and it needs about a minute to tell a leak from churn.
     */
    GrowthStep NONE = (pid, say) -> List.of(new CollectedFile("growth-profile.txt", null, "not taken: this offheap has no"
            + " growth profile (sampled page faults); its malloc profile is left out of captures on purpose: its hooks"
            + " stay patched in the target for the JVM's life (a malloc-bound loop runs ~10% slower for good, see the"
            + " README's profile benchmarks) and it needs about a minute to tell a leak from churn. Run 'offheap profile"
            + " PID' on the JVM, or read the window's growth findings", "", 0));
}
