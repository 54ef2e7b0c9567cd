package dev.offheap.cli;

import dev.offheap.analyze.GrowthFindings;
import dev.offheap.analyze.ProfileFindings;
import dev.offheap.live.GrowthProfiler;
import dev.offheap.live.MallocProfiler;
import dev.offheap.model.AllocationProfile;
import dev.offheap.model.Finding;
import dev.offheap.model.GrowthProfile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code offheap profile PID}: the growth profile of a live JVM (sampled page faults: what makes RSS grow), or with
 * {@code --malloc} malloc profiling with async-profiler's nativemem engine (leak versus churn), no restart.
 */
@Command(header = "Names what makes a live JVM's RSS grow: library, JNI method and Java caller (sampled page faults).", name = "profile",
        mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {
            "The growth profile (default). A page is faulted in when it is first touched, so page faults follow RSS",
            "growth, not the malloc rate: memory freed and reused faults no more, a leak keeps faulting new pages.",
            "async-profiler (loaded through the attach API: no restart) samples the perf event page-faults with Java and",
            "native stacks, and installs no malloc hook for it. For --duration, offheap reports what grew RSS, grouped by",
            "what touched the new memory: a JNI class (all its native methods together, e.g. Deflater.init and",
            "deflateBytesBytes, with the library that exports them: an extracted copy such as jna<digits>.tmp or",
            "libzstd-jni-1.5.7-6<digits>.so is named by the class path resource it came from), Unsafe and direct buffers,",
            "class definition (metaspace), the stacks of new threads (by thread name), Java heap (allocation, GC",
            "threads) and the JIT; with the Java caller, the bytes (faults x interval x page size), the rate, and the",
            "share of the RSS growth measured in the same window (smaps_rollup) that the samples explain. Where the",
            "first touch is not the allocation, it says so (allocated in Deflater.init, first touched in",
            "deflateBytesBytes). RSS that did not grow is said so and nothing is named; faults beyond the growth are",
            "churn (memory released and faulted again: the caller may be the churn; --malloc tells them apart); huge",
            "pages (one fault maps 2 MiB) are undercounted and said so.",
            "",
            "Cost: a sample costs the target about 20 us of CPU (signal, stack walk); the interval (faults per sample",
            "and thread) is chosen from the fault rate the kernel counts (/proc/PID/stat, 1 s before loading anything)",
            "so that samples stay under --max-samples per second (default 150: about 0.3%% of a core, whatever the",
            "growth rate), and chosen again when the rate changes twofold. Between samples the kernel only counts.",
            "While it runs each new thread of the target gets a perf event (a thread start costs ~70 us more). The first",
            "profile of a JVM loads async-profiler and its symbol tables: 110-250 ms of CPU, once. Measured",
            "(bench/profile-overhead.sh, against a control JVM on the same core): a malloc/free loop 1.009x while a 60 s",
            "profile runs (the first load), 1.003x during a second one, 1.000x after; a 10 MiB/s leak +0.76%% of a core",
            "while a 32 s profile runs, +0.41%% once loaded, nothing after.",
            "",
            "Nothing samples after the profile: the perf events are closed and the files removed (also on Ctrl-C,",
            "SIGTERM, errors and the target's exit). async-profiler cannot be unloaded: its library stays mapped (about",
            "26 MiB of RSS added at the first load, not again), with its hooks on dlopen, pthread_create and",
            "pthread_exit and its signal handlers (SIGSEGV/SIGBUS in front of HotSpot's, SIGPROF). Measured after the",
            "profile: malloc/free 1.00x, a thread start and join about 1.03x (+3-4 us), each later dlopen re-reads the",
            "new library's symbols.",
            "",
            "Where perf events cannot be opened (a container's seccomp profile, kernel.perf_event_paranoid, ulimit -n),",
            "it says why in one line with the remedy, and offers --malloc.",
            "",
            "--malloc, the second step: hooks malloc, calloc, realloc and free (async-profiler's nativemem engine) and",
            "matches frees to mallocs: what is still allocated at the end (leak) apart from churn, by stack, library",
            "and Java method. One malloc is recorded per 512 KiB (--interval; estimates with their error); frees (about",
            "1.3 us each to record) only within --max-cost of the target's CPU after a 1 s probe: where that is too",
            "short to judge, the profile says it could not judge rather than 'nothing leaked'. --exact records every",
            "malloc and free for the whole --duration: exact, for a culprit the growth profile named. Cost: the hooks",
            "add 4.0-5.4 ns per malloc/free pair while sampling and 2.4-3.5 ns for ever after (they cannot be removed:",
            "1.09-1.10x on a malloc-bound loop); default 1.12-1.13x while profiling a malloc loop, --exact 6-33x",
            "(bench/hook-floor.sh, bench/profile-overhead.sh). Refuses jemalloc/tcmalloc/mimalloc, musl and kernels",
            "before 3.10 unless --force.",
            "",
            "Run as the target's user or as root."},
        footer = {"", "Examples:", "  offheap profile 4242 --duration 20s", "  offheap profile 4242 --json > growth.json",
            "  offheap profile 4242 --html growth.html --collapsed growth.txt",
            "  offheap profile 4242 --malloc --exact --duration 20s   # leak or churn, for the culprit named"})
final class ProfileCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "Process id of the JVM (see 'offheap ps').")
    String pid;

    @Mixin
    OutputOptions output;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "60s", description = "How long to record at most (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--malloc", description = "Malloc profiling instead (async-profiler nativemem): leak versus churn (see above).")
    boolean malloc;

    @Option(names = "--max-samples", paramLabel = "N", defaultValue = "150",
            description = "Growth profile: at most about N samples per second (default: ${DEFAULT-VALUE}; ~20 us of target CPU each).")
    long maxSamples;

    @Option(names = "--fault-interval", paramLabel = "N", description = "Growth profile: sample every N-th fault of each thread instead of adapting.")
    Long faultInterval;

    @Option(names = "--interval", paramLabel = "BYTES", defaultValue = "512k",
            description = "--malloc: record one malloc per BYTES allocated (default: ${DEFAULT-VALUE}); 0 records every call.")
    String interval;

    @Option(names = "--frees", paramLabel = "WHEN", defaultValue = "budget",
            description = "--malloc: when frees are recorded: budget (default: within --max-cost after a 1 s probe), all (the whole"
                    + " --duration), none (only allocations are listed, not judged).")
    String frees;

    @Option(names = "--max-cost", paramLabel = "PERCENT", defaultValue = "0.5",
            description = "--malloc: share of the target's CPU time that recording frees may cost with --frees budget (default: ${DEFAULT-VALUE}).")
    double maxCostPercent;

    @Option(names = "--exact", description = "Malloc profile recording every malloc and every free for the whole --duration (implies --malloc; --interval 0 --frees all).")
    boolean exact;

    @Option(names = "--tail", paramLabel = "PERCENT", defaultValue = "10",
            description = "--malloc: do not judge allocations made in the last PERCENT of the recording of frees (default: ${DEFAULT-VALUE}).")
    double tailPercent;

    @Option(names = "--cstack", paramLabel = "MODE", defaultValue = "dwarf",
            description = "--malloc: how native stacks are walked: dwarf (default; frame pointers miss frames in optimized libraries), fp, vm, no.")
    String cstack;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Rows per list in the text output (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--collapsed", paramLabel = "FILE", description = "Also write the stacks (new pages, or with --malloc what leaked) as collapsed stacks (FlameGraph format).")
    Path collapsed;

    @Option(names = "--force", description = "--malloc: profile even where the hooks are known to be risky (another allocator preloaded, musl, old kernel).")
    boolean force;

    private static final List<String> MALLOC_ONLY = List.of("--interval", "--frees", "--max-cost", "--tail", "--cstack", "--force");

    @Override
    public Integer call() {
        long target = PidArgument.parse(pid);
        PrintWriter err = spec.commandLine().getErr();
        java.util.function.Consumer<String> say = line -> {
            err.println("offheap profile: " + line);
            err.flush();
        };
        if (!malloc && !exact) {
            GrowthProfiler.Settings s = growthSettings();
            GrowthProfile profile = GrowthProfiler.run(target, s, say);
            List<Finding> findings = GrowthFindings.evaluate(profile);
            ProfileOutput.printGrowth(spec.commandLine().getOut(), output, "offheap profile: pid " + target + ", growth (page faults)",
                    profile, findings, top, collapsed, target);
            return output.exitCode(findings);
        }
        MallocProfiler.Settings settings = settings();
        AllocationProfile profile = MallocProfiler.run(target, settings, say);
        List<Finding> findings = ProfileFindings.evaluate(profile);
        ProfileOutput.print(spec.commandLine().getOut(), output, "offheap profile: pid " + target + ", nativemem",
                profile, findings, top, collapsed, target);
        return output.exitCode(findings);
    }

    GrowthProfiler.Settings growthSettings() {
        for (String option : MALLOC_ONLY) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new UsageException(option + " is an option of the malloc profile: add --malloc");
            }
        }
        Duration d = Quantities.duration("--duration", duration);
        if (maxSamples < 1) {
            throw new UsageException("--max-samples: expected a number of samples per second of 1 or more, found " + maxSamples);
        }
        if (faultInterval != null && faultInterval < 1) {
            throw new UsageException("--fault-interval: expected 1 or more faults per sample, found " + faultInterval);
        }
        return new GrowthProfiler.Settings(d, maxSamples, faultInterval);
    }

    MallocProfiler.Settings settings() {
        Duration d = Quantities.duration("--duration", duration);
        long intervalBytes = exact ? 0 : Quantities.bytes("--interval", interval);
        if (tailPercent < 0 || tailPercent >= 100) {
            throw new UsageException("--tail: expected a percentage from 0 to 99, found " + tailPercent);
        }
        if (maxCostPercent <= 0 || maxCostPercent > 100) {
            throw new UsageException("--max-cost: expected a percentage above 0 and up to 100, found " + maxCostPercent);
        }
        return new MallocProfiler.Settings(d, intervalBytes, cstack, exact ? MallocProfiler.Frees.ALL : frees(frees),
                tailPercent / 100, maxCostPercent / 100, force);
    }

    static MallocProfiler.Frees frees(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "budget" -> MallocProfiler.Frees.BUDGET;
            case "all" -> MallocProfiler.Frees.ALL;
            case "none" -> MallocProfiler.Frees.NONE;
            default -> throw new UsageException("--frees: expected budget, all or none, found '" + text + "'");
        };
    }
}
