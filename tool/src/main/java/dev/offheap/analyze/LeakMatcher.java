package dev.offheap.analyze;

import dev.offheap.model.AllocationProfile;
import dev.offheap.model.AllocationSite;
import dev.offheap.model.MallocRecording;
import dev.offheap.model.Sizes;
import dev.offheap.model.StackFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Matches frees to mallocs by address in a nativemem recording. What is never freed is leaked; what is freed is
 * churn. Allocations in the last {@code tailFraction} of the recording are left out of the leak list (they had no
 * time to be freed), as async-profiler's converter does with {@code --leak --tail}.
 *
 * <p>With a sampling interval I (async-profiler's {@code nativemem=I}: a per-process byte counter, one malloc recorded
 * each time it passes a multiple of I) a recorded allocation of s bytes stands for max(s, I) bytes and max(1, I/s)
 * calls; frees are all recorded (or none, with {@code nofree}), so a sampled allocation is still matched exactly.
 */
public final class LeakMatcher {
    private static final String PROFILER = "libasyncProfiler.so";

    private LeakMatcher() {
    }

    /** {@code frees}: whether the recording holds frees; without them nothing is judged and all counts as allocated. */
    public static AllocationProfile match(MallocRecording rec, double tailFraction, long intervalBytes, boolean frees) {
        List<MallocRecording.Call> calls = new ArrayList<>(rec.calls());
        calls.sort(Comparator.comparingLong(MallocRecording.Call::timeNanos));
        Map<Long, MallocRecording.Call> live = new HashMap<>();
        Map<Integer, long[]> churn = new HashMap<>();
        for (MallocRecording.Call c : calls) {
            if (c.isFree()) {
                MallocRecording.Call freed = live.remove(c.address());
                if (freed != null) {
                    add(churn, freed, intervalBytes);
                }
            } else {
                // an address handed out twice without a free seen in between: the first free was not recorded
                live.put(c.address(), c);
            }
        }
        double tail = frees ? tailFraction : 0;
        long tailStart = rec.endNanos() - (long) (rec.durationNanos() * tail);
        Map<Integer, long[]> leaked = new HashMap<>();
        long recentBytes = 0;
        for (MallocRecording.Call c : live.values()) {
            if (c.timeNanos() >= tailStart) {
                recentBytes += weightBytes(c, intervalBytes);
                continue;
            }
            add(leaked, c, intervalBytes);
        }
        List<AllocationSite> leakedSites = AllocationSites.merge(sites(leaked, rec));
        List<AllocationSite> churnSites = AllocationSites.merge(sites(churn, rec));
        long churnBytes = churnSites.stream().mapToLong(AllocationSite::bytes).sum();
        long churnCount = churnSites.stream().mapToLong(AllocationSite::count).sum();
        List<String> notes = new ArrayList<>();
        notes.add(intervalBytes == 0 ? "every malloc recorded"
                : "one malloc recorded per " + Sizes.format(intervalBytes) + " allocated: bytes and counts are estimates scaled from samples");
        if (frees) {
            notes.add(String.format(Locale.ROOT, "allocations in the last %.0f%% of the recording are not judged (not yet freed is not leaked)", tail * 100));
        } else {
            notes.add("frees not recorded: everything allocated is listed, leak and churn are not told apart");
        }
        long judgedMillis = (tailStart - rec.startNanos()) / 1_000_000;
        return new AllocationProfile(frees ? "nativemem" : "nativemem-nofree", rec.durationNanos() / 1_000_000, leakedSites,
                AllocationSites.byLibrary(leakedSites), AllocationSites.byJavaMethod(leakedSites),
                frees ? churnSites : List.of(), frees ? churnBytes : null, frees ? churnCount : null,
                frees ? recentBytes : null, notes, intervalBytes, Math.max(0, judgedMillis));
    }

    public static AllocationProfile match(MallocRecording rec, double tailFraction, long intervalBytes) {
        return match(rec, tailFraction, intervalBytes, true);
    }

    /** The bytes one recorded allocation stands for. */
    static long weightBytes(MallocRecording.Call c, long intervalBytes) {
        return Math.max(c.sizeBytes(), intervalBytes);
    }

    /** The calls one recorded allocation stands for. */
    static long weightCalls(MallocRecording.Call c, long intervalBytes) {
        return c.sizeBytes() >= intervalBytes ? 1 : Math.round((double) intervalBytes / c.sizeBytes());
    }

    private static void add(Map<Integer, long[]> totals, MallocRecording.Call c, long intervalBytes) {
        long[] t = totals.computeIfAbsent(c.stackId(), k -> new long[3]);
        t[0] += weightBytes(c, intervalBytes);
        t[1] += weightCalls(c, intervalBytes);
        if (c.sizeBytes() < intervalBytes) {
            t[2]++;
        }
    }

    private static List<AllocationSite> sites(Map<Integer, long[]> totals, MallocRecording rec) {
        List<AllocationSite> out = new ArrayList<>();
        totals.forEach((id, t) -> {
            List<StackFrame> frames = rec.stacks().getOrDefault(id, List.of());
            if (frames.stream().anyMatch(f -> PROFILER.equals(f.library()))) {
                return; // the profiler's own allocations while it starts and stops
            }
            out.add(AllocationSites.site(frames, t[0], t[1], t[2]));
        });
        return out;
    }
}
