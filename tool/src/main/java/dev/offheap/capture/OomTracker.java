package dev.offheap.capture;

import dev.offheap.model.KernelOomKill;
import dev.offheap.model.OomCounts;
import dev.offheap.proc.CgroupOom;
import dev.offheap.proc.KernelLog;
import dev.offheap.proc.ProcReader;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether the OOM killer ended a followed JVM. While it lives, its memory cgroup's OOM counters are read at each sample
 * ({@code memory.oom_control} and {@code memory.failcnt} in v1, {@code memory.events} in v2); once it has ended, a
 * rise of the kill counter, or a kernel log line naming its pid after it was first seen, says it was killed.
 */
final class OomTracker {
    private static final long KERNEL_LOG_MILLIS = 1000;
    private static final String ROSE = "its memory cgroup counted an OOM kill";

    /** What the evidence says: {@code killed}, when (epoch ms; null when only the counter tells), and in words. */
    record Verdict(boolean killed, Long atMillis, String evidence) {
    }

    private final long pid;
    private final ProcReader.CgroupFolder folder;
    private final long firstSeenMillis;
    private volatile OomCounts last;

    private OomTracker(long pid, ProcReader.CgroupFolder folder) {
        this.pid = pid;
        this.folder = folder;
        this.firstSeenMillis = System.currentTimeMillis();
        update();
    }

    static OomTracker of(long pid) {
        ProcReader.CgroupFolder folder;
        try {
            folder = new ProcReader(pid).cgroupMemoryFolder().orElse(null);
        } catch (RuntimeException e) {
            folder = null; // no readable cgroup: the kernel log alone will tell
        }
        return new OomTracker(pid, folder);
    }

    /** Reads the counters again (cheap: one or two small files). */
    void update() {
        if (folder != null) {
            CgroupOom.read(folder.dir(), folder.version()).ifPresent(c -> last = c);
        }
    }

    /** The verdict once the JVM has ended. */
    Verdict judge() {
        KernelLog.Kills log = KernelLog.oomKills(KERNEL_LOG_MILLIS);
        Optional<KernelOomKill> named = log.kills().stream().filter(k -> k.pid() == pid)
                .filter(k -> KernelLog.epochMillis(k.bootMicros()) >= firstSeenMillis - 60_000)
                .reduce((a, b) -> b);
        String counter = counterEvidence();
        if (named.isPresent()) {
            String message = named.get().message();
            return new Verdict(true, KernelLog.epochMillis(named.get().bootMicros()), "the kernel log: \""
                    + (message.length() > 110 ? message.substring(0, 110) + "…" : message) + "\"" + (counter == null ? "" : "; " + counter));
        }
        if (counter != null && counter.startsWith(ROSE)) {
            return new Verdict(true, null, counter);
        }
        String kernel = log.unreadable() != null ? "the kernel log is not readable (" + log.unreadable() + ")"
                : "the kernel log names no OOM kill of pid " + pid;
        return new Verdict(false, null, (counter == null ? "no memory cgroup to read" : counter) + "; " + kernel);
    }

    /** What the counters say now against the last sample; null without a cgroup. */
    private String counterEvidence() {
        if (folder == null) {
            return null;
        }
        OomCounts before = last;
        Optional<OomCounts> now = CgroupOom.read(folder.dir(), folder.version());
        String file = folder.version() == 2 ? "memory.events" : "memory.oom_control";
        if (now.isEmpty()) {
            return "its memory cgroup " + folder.path() + " is gone";
        }
        OptionalLong after = now.get().oomKills();
        if (after.isEmpty()) {
            return "its memory cgroup counts no OOM kills (no oom_kill in " + file + ": Linux before 4.13)";
        }
        long was = before == null || before.oomKills().isEmpty() ? 0 : before.oomKills().getAsLong();
        if (after.getAsLong() > was) {
            return ROSE + " (" + file + " oom_kill " + was + " → " + after.getAsLong() + ")";
        }
        return "its memory cgroup counted no OOM kill (" + file + " oom_kill " + after.getAsLong() + ")";
    }
}
