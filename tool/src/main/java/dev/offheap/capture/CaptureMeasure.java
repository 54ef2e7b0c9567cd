package dev.offheap.capture;

import dev.offheap.analyze.RecordingAnalyzer;
import dev.offheap.model.CategoryGrowth;
import dev.offheap.model.CgroupMemory;
import dev.offheap.model.Report;
import dev.offheap.model.Sizes;
import java.util.Locale;
import java.util.Optional;

/**
 * How near a JVM is to the limit captures watch: the container's memory limit against its cgroup's working set (what
 * the OOM killer weighs; the process's RSS where the working set is unknown), else the JVM's budget against RSS.
 * {@code secondsToLimit} is given only while a warning or critical growth finding stands behind the growth (the RSS
 * trend of the window), as for every time to a limit.
 */
public record CaptureMeasure(long usedBytes, long limitBytes, String limitKind, String usedWhat, Double secondsToLimit,
                             double bytesPerSecond) {
    public static final String CONTAINER = "container";
    public static final String BUDGET = "budget";

    /** The measure of one sample's report and the window's analysis; empty when there is no limit to measure. */
    public static Optional<CaptureMeasure> of(Report report, RecordingAnalyzer.Continued window) {
        CgroupMemory cg = report.snapshot().cgroup();
        long rss = report.explained().rssBytes();
        long used;
        long limit;
        String kind;
        String what;
        if (cg != null && cg.limitBytes().isPresent()) {
            limit = cg.limitBytes().getAsLong();
            kind = CONTAINER;
            boolean ws = cg.workingSetBytes().isPresent();
            used = ws ? cg.workingSetBytes().getAsLong() : rss;
            what = ws ? "the cgroup's working set" : "RSS";
        } else if (report.budget() != null && report.budget().totalBytes() > 0) {
            limit = report.budget().totalBytes();
            kind = BUDGET;
            used = rss;
            what = "RSS";
        } else {
            return Optional.empty();
        }
        double slope = window == null ? 0 : window.report().growth().stream().filter(g -> g.name().equals("rss"))
                .mapToDouble(CategoryGrowth::bytesPerSecond).findFirst().orElse(0);
        Double seconds = null;
        if (window != null && !window.namedRows().isEmpty() && slope > 0 && window.report().recording().samples().size() >= 4) {
            seconds = Math.max(0, (limit - used) / slope);
        }
        return Optional.of(new CaptureMeasure(used, limit, kind, what, seconds, slope));
    }

    /** The share of the limit used, in percent. */
    public double percent() {
        return 100.0 * usedBytes / limitBytes;
    }

    /** "the container's memory limit", "the JVM's budget". */
    public String limitWords() {
        return limitKind.equals(CONTAINER) ? "the container's memory limit" : "the JVM's budget";
    }

    /** "234 MiB of 256 MiB (91%)" */
    public String figures() {
        return Sizes.format(usedBytes) + " of " + Sizes.format(limitBytes) + String.format(Locale.ROOT, " (%.0f%%)", percent());
    }

    /** "90% of the container's memory limit", "53 s from the container's memory limit": what fired, in few words. */
    public String reasonWords(CaptureReason reason) {
        return reason.percent() > 0 ? reason.percent() + "% of " + limitWords()
                : Sizes.duration(secondsToLimit == null ? 0 : secondsToLimit) + " from " + limitWords();
    }

    /**
     * Why {@code reason} holds now: "the cgroup's working set reached 90% of the container's memory limit: 234 MiB of
     * 256 MiB (91%)", "the container's memory limit is 53 s away at the window's growth of 238 MiB/min (the cgroup's
     * working set 46.4 MiB of 256 MiB (18%))".
     */
    public String why(CaptureReason reason) {
        if (reason.percent() > 0) {
            return usedWhat + " reached " + reasonWords(reason) + ": " + figures();
        }
        return limitWords() + " is " + Sizes.duration(secondsToLimit == null ? 0 : secondsToLimit) + " away at the window's"
                + " growth of " + Sizes.format((long) (bytesPerSecond * 60)) + "/min (" + usedWhat + " " + figures() + ")";
    }
}
