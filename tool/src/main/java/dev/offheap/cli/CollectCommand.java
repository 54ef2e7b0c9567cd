package dev.offheap.cli;

import dev.offheap.model.SnapshotSources;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code offheap collect PID --out DIR}: saves everything a report needs, for analysis elsewhere or later. */
@Command(header = "Saves everything a report needs into a folder, for later or elsewhere.", name = "collect", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {
            "Saves the inputs of a report of a live JVM into a new folder: /proc status, smaps, environ, cgroup",
            "figures, VM.version, VM.flags, VM.command_line, NMT, GC.heap_info, Compiler.codecache, malloc_info,",
            "System.map, buffer pools, hsperfdata, and what offheap measured itself (pagemap residency, glibc heap",
            "headers, library .bss). MANIFEST.txt says what each file is. The same files give the same report."})
final class CollectCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "Process id of the JVM (see 'offheap ps').")
    String pid;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new (or empty) folder to write into.")
    Path out;

    @Option(names = "--no-agent", description = "Do not load the buffer-pool agent.")
    boolean noAgent;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
        long target = PidArgument.parse(pid);
        SnapshotSources sources = LiveSnapshot.sources(target, new LiveSnapshot.Options(!noAgent, true));
        SnapshotFolder.write(out, sources);
        spec.commandLine().getErr().println("offheap collect: saved " + sources.files().size() + " files of pid " + target
                + " in " + out);
        return Main.EXIT_OK;
    }
}
