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

    /** How the JVM ended, as far as the evidence tells. */
    enum Ending {
        KILLED, PROBABLY_KILLED, NOT_KILLED, UNKNOWN
    }

    /** What the evidence says: how it ended, when (epoch ms; null when only a counter tells), and in words. */
    record Verdict(Ending ending, Long atMillis, String evidence) {
        boolean killed() {
            return ending == Ending.KILLED;
        }
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

    /**
     * The verdict once the JVM has ended: killed when the kernel log names its pid (after it was first seen) or its
     * cgroup's kill counter rose since the last sample (the counter counts every OOM kill of a process of the group,
     * its limit's or the host's); not killed when the counter did not rise, or, without a counter (Linux before 4.13,
     * no cgroup, the group gone), when the kernel log names no kill; else probably killed when the group hit its limit
     * since the last sample (v1 memory.failcnt, v2 memory.events max), or unknown.
     */
    Verdict judge() {
        KernelLog.Kills log = KernelLog.oomKills(KERNEL_LOG_MILLIS);
        Optional<KernelOomKill> named = log.kills().stream().filter(k -> k.pid() == pid)
                .filter(k -> KernelLog.epochMillis(k.bootMicros()) >= firstSeenMillis - 60_000)
                .reduce((a, b) -> b);
        Counters c = counters();
        if (named.isPresent()) {
            String message = named.get().message();
            return new Verdict(Ending.KILLED, KernelLog.epochMillis(named.get().bootMicros()), "the kernel log: \""
                    + (message.length() > 110 ? message.substring(0, 110) + "…" : message) + "\""
                    + (c.words() == null ? "" : "; " + c.words()));
        }
        if (c.killsRose() != null) {
            return new Verdict(c.killsRose() ? Ending.KILLED : Ending.NOT_KILLED, null, c.words() + (log.unreadable() != null
                    ? "" : "; the kernel log names no OOM kill of pid " + pid));
        }
        String kernel = log.unreadable() != null ? "the kernel log is not readable (" + log.unreadable() + ")"
                : "the kernel log names no OOM kill of pid " + pid;
        String words = (c.words() == null ? "no memory cgroup to read" : c.words()) + "; " + kernel;
        if (log.unreadable() == null) {
            return new Verdict(Ending.NOT_KILLED, null, words);
        }
        return new Verdict(c.limitHit() ? Ending.PROBABLY_KILLED : Ending.UNKNOWN, null, words);
    }

    /** What the counters say: whether the kill counter rose (null: no counter), whether the limit was hit, in words. */
    private record Counters(Boolean killsRose, boolean limitHit, String words) {
    }

    /** The counters now against the last sample's. */
    private Counters counters() {
        if (folder == null) {
            return new Counters(null, false, null);
        }
        OomCounts before = last;
        Optional<OomCounts> now = CgroupOom.read(folder.dir(), folder.version());
        if (now.isEmpty()) {
            return new Counters(null, false, "its memory cgroup " + folder.path() + " is gone");
        }
        String file = folder.version() == 2 ? "memory.events" : "memory.oom_control";
        String hitsFile = folder.version() == 2 ? "memory.events max" : "memory.failcnt";
        OptionalLong hits = now.get().limitHits();
        long hitsBefore = before == null || before.limitHits().isEmpty() ? 0 : before.limitHits().getAsLong();
        boolean hit = hits.isPresent() && hits.getAsLong() > hitsBefore;
        OptionalLong after = now.get().oomKills();
        if (after.isEmpty()) {
            return new Counters(null, hit, "its memory cgroup counts no OOM kills (no oom_kill in " + file + ": Linux before"
                    + " 4.13)" + (hit ? "; it hit its limit since the last sample (" + hitsFile + " " + hitsBefore + " → "
                    + hits.getAsLong() + ")" : ""));
        }
        long was = before == null || before.oomKills().isEmpty() ? 0 : before.oomKills().getAsLong();
        if (after.getAsLong() > was) {
            return new Counters(true, hit, "its memory cgroup counted an OOM kill (" + file + " oom_kill " + was + " → "
                    + after.getAsLong() + ")");
        }
        return new Counters(false, hit, "its memory cgroup counted no OOM kill (" + file + " oom_kill " + after.getAsLong() + ")");
    }
}
