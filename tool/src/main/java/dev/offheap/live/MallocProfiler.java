package dev.offheap.live;

import dev.offheap.analyze.GrowthProfiles;
import dev.offheap.analyze.LeakMatcher;
import dev.offheap.analyze.ProfileBudget;
import dev.offheap.analyze.ProfileFindings;
import dev.offheap.attach.AttachClient;
import dev.offheap.model.AllocationProfile;
import dev.offheap.model.MallocRecording;
import dev.offheap.model.ProcessEnvironment;
import dev.offheap.model.ProcessStatus;
import dev.offheap.model.StackFrame;
import dev.offheap.model.TargetException;
import dev.offheap.parse.profiles.NativememJfrReader;
import dev.offheap.proc.ProcReader;
import dev.offheap.redact.Redactor;
import dev.offheap.profile.AsyncProfilerSession;
import dev.offheap.profile.UnsizedSymbols;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.function.Consumer;

/**
 * Malloc profiling of a live JVM with async-profiler's nativemem engine, as {@code offheap profile} and
 * {@code watch --profile} run it. By default ({@link Frees#BUDGET}) mallocs are sampled, and frees, which cost the
 * target far more to record, are recorded only as long as {@link ProfileBudget} allows after a short probe.
 */
public final class MallocProfiler {
    /** How frees are recorded: within a cost budget after a probe (default), all along ({@code --exact}), never. */
    public enum Frees { BUDGET, ALL, NONE }

    /** {@code maxCost}: the share of the target's CPU time the free recording may cost (BUDGET only). */
    public record Settings(Duration duration, long intervalBytes, String cstack, Frees frees, double tailFraction,
                           double maxCost, boolean force) {
    }

    static final long PROBE_MILLIS = 1000;

    private MallocProfiler() {
    }

    /**
     * Profiles {@code pid} and returns what stayed allocated; {@code say} gets progress lines and warnings.
     *
     * @throws TargetException when the target cannot be profiled, refuses the agent or exits meanwhile
     */
    public static AllocationProfile run(long pid, Settings s, Consumer<String> say) {
        AsyncProfilerSession.Target target = describe(pid);
        long total = s.duration().toMillis();
        try (AsyncProfilerSession session = AsyncProfilerSession.start(AttachClient.open(pid), target,
                options(s, s.frees() == Frees.ALL), w -> say.accept("warning: " + w))) {
            say.accept("recording mallocs of pid " + pid + " for up to " + seconds(total) + " (Ctrl-C aborts)");
            if (s.frees() != Frees.BUDGET) {
                sleep(pid, total);
                return LeakMatcher.match(named(NativememJfrReader.read(session.stop()), pid), s.tailFraction(), s.intervalBytes(),
                        s.frees() == Frees.ALL);
            }
            long probeMillis = Math.min(PROBE_MILLIS, total / 5);
            ProcReader proc = new ProcReader(pid);
            long cpu = proc.cpuNanos();
            sleep(pid, probeMillis);
            Path probeFile = session.stop();
            cpu = proc.cpuNanos() - cpu;
            MallocRecording probe = named(NativememJfrReader.read(probeFile), pid);
            ProfileBudget.LeakPhase phase = ProfileBudget.plan(probe, s.intervalBytes(), cpu, total, total - probeMillis, s.maxCost());
            if (phase.millis() < 1) {
                AllocationProfile p = LeakMatcher.match(probe, s.tailFraction(), s.intervalBytes(), false);
                return withNote(p, phase.note() + "; frees were not recorded at all, so nothing is judged leaked or not");
            }
            session.record(options(s, true));
            sleep(pid, phase.millis());
            AllocationProfile p = withNote(LeakMatcher.match(named(NativememJfrReader.read(session.stop()), pid), s.tailFraction(),
                    s.intervalBytes(), true), phase.note());
            String unjudged = ProfileBudget.unjudged(p, phase, total);
            return unjudged != null && ProfileFindings.evaluate(p).isEmpty() ? unjudged(p, unjudged) : p;
        }
    }

    private static AsyncProfilerSession.Options options(Settings s, boolean frees) {
        return new AsyncProfilerSession.Options(s.intervalBytes(), s.cstack(), frees, s.force());
    }

    private static AllocationProfile withNote(AllocationProfile p, String note) {
        List<String> notes = new ArrayList<>(p.notes());
        notes.add(note);
        return new AllocationProfile(p.mode(), p.durationMillis(), p.leaked(), p.byLibrary(), p.byJavaMethod(), p.churn(),
                p.churnBytes(), p.churnCount(), p.recentBytes(), notes, p.intervalBytes(), p.judgedMillis());
    }

    /** The profile marked as not judged ({@code nativemem-unjudged}): it found no leak in too short a time to say so. */
    private static AllocationProfile unjudged(AllocationProfile p, String why) {
        List<String> notes = new ArrayList<>(p.notes());
        notes.add(0, why);
        return new AllocationProfile("nativemem-unjudged", p.durationMillis(), p.leaked(), p.byLibrary(), p.byJavaMethod(),
                p.churn(), p.churnBytes(), p.churnCount(), p.recentBytes(), notes, p.intervalBytes(), p.judgedMillis());
    }

    /**
     * The recording with the frames async-profiler named after a symbol without a size (code no symbol covers, in a
     * stripped library: its {@code _init}) shown as "[library]".
     */
    static MallocRecording named(MallocRecording rec, long pid) {
        Map<String, Set<String>> names = new HashMap<>();
        rec.stacks().values().forEach(frames -> frames.forEach(f -> {
            if (f.library() != null && f.kind() == StackFrame.Kind.NATIVE) {
                names.computeIfAbsent(f.library(), k -> new HashSet<>()).add(f.name());
            }
        }));
        Set<String> unsized = UnsizedSymbols.find(pid, new ProcReader(pid).maps().value().mappings(), names);
        if (unsized.isEmpty()) {
            return rec;
        }
        Map<Integer, List<StackFrame>> stacks = new HashMap<>();
        rec.stacks().forEach((id, frames) -> stacks.put(id, GrowthProfiles.unnamed(frames, unsized)));
        return new MallocRecording(rec.startNanos(), rec.endNanos(), rec.calls(), stacks);
    }

    /** What the session needs to know of the target, from /proc. */
    public static AsyncProfilerSession.Target describe(long pid) {
        ProcReader reader = new ProcReader(pid);
        ProcessStatus status = reader.status().value();
        ProcessEnvironment env = reader.environ(Redactor.standard()).value();
        int uid = (int) status.effectiveUid().orElseThrow(() -> new TargetException("pid " + pid + ": no Uid in /proc/" + pid + "/status"));
        int gid = (int) status.effectiveGid().orElse(uid);
        return new AsyncProfilerSession.Target(pid, status.innermostPid(), uid, gid, reader.maps().value(), env.ldPreload(),
                kernelRelease());
    }

    static String kernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (java.io.IOException e) {
            throw new TargetException("cannot read /proc/sys/kernel/osrelease: " + e.getMessage());
        }
    }

    /** Sleeps, watching that the target lives: a target that exits ends the profile at once (nothing to report). */
    private static void sleep(long pid, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        Path proc = Path.of("/proc/" + pid);
        try {
            for (long left; (left = end - System.nanoTime()) > 0; ) {
                Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
                if (!Files.isDirectory(proc)) {
                    throw new TargetException("pid " + pid + " exited during the profile: nothing to report");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while profiling");
        }
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }
}
