package dev.offheap.analyze;

import dev.offheap.model.AllocationProfile;
import dev.offheap.model.AllocationSite;
import dev.offheap.model.MallocRecording;
import dev.offheap.model.StackFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches frees to mallocs by address in a nativemem recording. What is never freed is leaked; what is freed is
 * churn. Allocations in the last {@code tailFraction} of the recording are left out of the leak list (they had no
 * time to be freed), as async-profiler's converter does with {@code --leak --tail}.
 */
public final class LeakMatcher {
    private static final String PROFILER = "libasyncProfiler.so";

    private LeakMatcher() {
    }

    public static AllocationProfile match(MallocRecording rec, double tailFraction, long intervalBytes) {
        List<MallocRecording.Call> calls = new ArrayList<>(rec.calls());
        calls.sort(Comparator.comparingLong(MallocRecording.Call::timeNanos));
        Map<Long, MallocRecording.Call> live = new HashMap<>();
        Map<Integer, long[]> churn = new HashMap<>();
        for (MallocRecording.Call c : calls) {
            if (c.isFree()) {
                MallocRecording.Call freed = live.remove(c.address());
                if (freed != null) {
                    long[] t = churn.computeIfAbsent(freed.stackId(), k -> new long[2]);
                    t[0] += freed.sizeBytes();
                    t[1]++;
                }
            } else {
                // an address handed out twice without a free seen in between: the first free was not recorded
                live.put(c.address(), c);
            }
        }
        long tailStart = rec.endNanos() - (long) (rec.durationNanos() * tailFraction);
        Map<Integer, long[]> leaked = new HashMap<>();
        long recentBytes = 0;
        for (MallocRecording.Call c : live.values()) {
            if (c.timeNanos() >= tailStart) {
                recentBytes += c.sizeBytes();
                continue;
            }
            long[] t = leaked.computeIfAbsent(c.stackId(), k -> new long[2]);
            t[0] += c.sizeBytes();
            t[1]++;
        }
        List<AllocationSite> leakedSites = AllocationSites.merge(sites(leaked, rec));
        List<AllocationSite> churnSites = AllocationSites.merge(sites(churn, rec));
        long churnBytes = churnSites.stream().mapToLong(AllocationSite::bytes).sum();
        long churnCount = churnSites.stream().mapToLong(AllocationSite::count).sum();
        List<String> notes = new ArrayList<>();
        notes.add(intervalBytes == 0 ? "every malloc recorded" : "one malloc sampled per " + intervalBytes + " bytes allocated: figures are samples");
        notes.add(String.format(java.util.Locale.ROOT, "allocations in the last %.0f%% of the profile are not judged (not yet freed is not leaked)", tailFraction * 100));
        return new AllocationProfile("nativemem", rec.durationNanos() / 1_000_000, leakedSites,
                AllocationSites.byLibrary(leakedSites), AllocationSites.byJavaMethod(leakedSites), churnSites,
                churnBytes, churnCount, recentBytes, notes);
    }

    private static List<AllocationSite> sites(Map<Integer, long[]> totals, MallocRecording rec) {
        List<AllocationSite> out = new ArrayList<>();
        totals.forEach((id, t) -> {
            List<StackFrame> frames = rec.stacks().getOrDefault(id, List.of());
            if (frames.stream().anyMatch(f -> PROFILER.equals(f.library()))) {
                return; // the profiler's own allocations while it starts and stops
            }
            out.add(AllocationSites.site(frames, t[0], t[1]));
        });
        return out;
    }
}
