package dev.offheap.cli;

import dev.offheap.analyze.ProfileFindings;
import dev.offheap.live.MallocProfiler;
import dev.offheap.model.AllocationProfile;
import dev.offheap.model.Finding;
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

/** {@code offheap profile PID}: malloc profiling of a live JVM with async-profiler's nativemem engine, no restart. */
@Command(header = "Finds leaking native allocations of a live JVM (async-profiler nativemem).", name = "profile", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {
            "Hooks malloc, calloc, realloc and free of a live JVM (async-profiler's nativemem engine, loaded through the",
            "attach API: no restart), matches frees to mallocs by address and reports what is still allocated at the end",
            "by call stack, by native library and by Java method (the JNI entry), apart from churn (memory allocated and",
            "freed meanwhile). This is what finds a JNI library that leaks.",
            "",
            "Default: cheap enough for production. One malloc is recorded per 512 KiB allocated (--interval; byte and",
            "call figures are scaled from the samples and are estimates, their error is printed); an allocation that is",
            "not recorded costs a counter update. Frees are what is dear to record (about 1.3 us each, whatever the",
            "interval), so the profile first samples mallocs for 1 s without frees, counts the target's malloc calls and",
            "CPU use, then records frees only as long as that costs at most --max-cost of the target's CPU time over",
            "--duration: the whole time for a service that mallocs a few thousand times a second, a few milliseconds for",
            "a loop that does nothing but malloc (leak and churn are then judged over that short time; the profile says",
            "so). The profile ends when that time is used up.",
            "",
            "Measured cost: async-profiler's hooks add 4.0-5.4 ns to each malloc/free pair while sampling and 2.4-3.5 ns",
            "once idle (bench/hook-floor.sh); the hooks stay in the target after the profile (async-profiler cannot",
            "remove them safely). On a JVM doing nothing but 256-byte Unsafe.allocateMemory/freeMemory (25-27 ns a pair)",
            "that is 1.17x while sampling and 1.09-1.10x for ever after; at a few thousand mallocs a second, about",
            "0.002% of a core. The first profile of a JVM costs it 70-80 ms of CPU (loading the library and its symbol",
            "tables), later ones 10-20 ms. bench/profile-overhead.sh, whole JVMs on 2 busy shared cores: malloc loop",
            "default 1.12-1.13x, frees recorded 17-21x, --exact 6-33x (median 20x); java.util.zip on 64 KiB: default",
            "1.02x, --exact 1.12x.",
            "",
            "--exact records every call and every free for the whole --duration: full accuracy, at the cost above, for",
            "test systems or targets that malloc rarely.",
            "",
            "Refuses targets where the hooks are known to misbehave (another allocator preloaded: jemalloc, tcmalloc,",
            "mimalloc; musl libc; kernels before 3.10, WSL 1) unless --force. The profiler library stays loaded (idle) in the",
            "target afterwards; its files are removed. Ctrl-C, SIGTERM and the target's exit stop it and remove them.",
            "",
            "Run as the target's user or as root."},
        footer = {"", "Examples:", "  offheap profile 4242 --duration 2m",
            "  offheap profile 4242 --exact --duration 20s", "  offheap profile 4242 --json > leaks.json",
            "  offheap profile 4242 --html leaks.html --collapsed leaks.txt"})
final class ProfileCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "Process id of the JVM (see 'offheap ps').")
    String pid;

    @Mixin
    OutputOptions output;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "60s", description = "How long to record at most (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--interval", paramLabel = "BYTES", defaultValue = "512k",
            description = "Record one malloc per BYTES allocated (default: ${DEFAULT-VALUE}); 0 records every call.")
    String interval;

    @Option(names = "--frees", paramLabel = "WHEN", defaultValue = "budget",
            description = "When frees are recorded: budget (default: within --max-cost after a 1 s probe), all (the whole"
                    + " --duration), none (only allocations are listed, not judged).")
    String frees;

    @Option(names = "--max-cost", paramLabel = "PERCENT", defaultValue = "0.5",
            description = "Share of the target's CPU time that recording frees may cost with --frees budget (default: ${DEFAULT-VALUE}).")
    double maxCostPercent;

    @Option(names = "--exact", description = "Record every malloc and every free for the whole --duration (--interval 0 --frees all).")
    boolean exact;

    @Option(names = "--tail", paramLabel = "PERCENT", defaultValue = "10",
            description = "Do not judge allocations made in the last PERCENT of the recording of frees (default: ${DEFAULT-VALUE}).")
    double tailPercent;

    @Option(names = "--cstack", paramLabel = "MODE", defaultValue = "dwarf",
            description = "How native stacks are walked: dwarf (default; frame pointers miss frames in optimized libraries), fp, vm, no.")
    String cstack;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Rows per list in the text output (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--collapsed", paramLabel = "FILE", description = "Also write the leaked stacks as collapsed stacks (FlameGraph format).")
    Path collapsed;

    @Option(names = "--force", description = "Profile even where it is known to be risky (another allocator preloaded, musl, old kernel).")
    boolean force;

    @Override
    public Integer call() {
        long target = PidArgument.parse(pid);
        MallocProfiler.Settings settings = settings();
        PrintWriter err = spec.commandLine().getErr();
        AllocationProfile profile = MallocProfiler.run(target, settings, line -> {
            err.println("offheap profile: " + line);
            err.flush();
        });
        List<Finding> findings = ProfileFindings.evaluate(profile);
        ProfileOutput.print(spec.commandLine().getOut(), output, "offheap profile: pid " + target + ", nativemem",
                profile, findings, top, collapsed, target);
        return output.exitCode(findings);
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
