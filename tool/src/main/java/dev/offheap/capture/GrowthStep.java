package dev.offheap.capture;

import dev.offheap.live.CollectExtras;
import dev.offheap.model.CollectedFile;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The growth profile of a capture, taken when native memory grows in its window: what {@code collect --profile}
 * saves (the page-fault recordings and growth-profile.txt), from which {@code offheap analyze DIR/<capture>} names
 * what grew. One call, so that the captures can be driven without a profiler (the cost bench takes none).
 */
@FunctionalInterface
public interface GrowthStep {
    /**
     * Profiles {@code pid} for {@code duration} and returns the files to add to the capture, each with its manifest
     * line; {@code say} gets progress lines.
     *
     * @throws dev.offheap.model.TargetException when the target cannot be profiled (perf events refused: one line
     *                                           with the reason and the remedy) or exits meanwhile
     */
    List<CollectedFile> profile(long pid, Duration duration, Consumer<String> say);

    /** The growth profile of 'offheap profile', 'watch --profile' and 'collect --profile': sampled page faults. */
    GrowthStep PAGE_FAULTS = CollectExtras::growthProfile;
}
