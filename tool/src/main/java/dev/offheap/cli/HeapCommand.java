package dev.offheap.cli;

import dev.offheap.files.OwnerOnly;
import dev.offheap.live.HeapDumper;
import dev.offheap.analyze.heap.HeapRules;
import dev.offheap.analyze.heap.HeapViews;
import dev.offheap.model.Finding;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.model.heap.HeapDumpFacts;
import dev.offheap.model.heap.HeapSummary;
import dev.offheap.parse.hprof.HeapDumpScanner;
import dev.offheap.report.HeapJson;
import dev.offheap.report.HeapText;
import dev.offheap.report.Json;
import dev.offheap.report.html.HeapHtml;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code offheap heap FILE.hprof[.gz]} or {@code offheap heap --dump PID}: heap-dump views for off-heap causes. */
@Command(header = "Heap-dump views for off-heap causes (direct buffers, class loaders, zip streams).", name = "heap", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Heap-dump views for off-heap causes: what in the Java heap holds native",
            "memory, or will free it once collected.",
            "",
            "@|bold Direct buffers|@ - ByteBuffer.allocateDirect memory is freed only when",
            "  its buffer object is collected. owning: buffers with a cleaner (they own",
            "  native memory); views: slices, duplicates, read-only views; without",
            "  cleaner: memory the buffer does not free itself (JNI NewDirectByteBuffer,",
            "  JDK 22+ NIO temporary buffers). Unreachable owning buffers are garbage",
            "  whose memory waits for a GC - with -XX:+DisableExplicitGC possibly for a",
            "  long time. Reachability ignores Reference.referent (a Cleaner does not",
            "  keep its buffer alive). Holders: the shortest path from a GC root to the",
            "  reachable buffers, e.g. the NIO temporary buffer cache of a thread",
            "  (sun.nio.ch.Util$BufferCache); paths that differ only in the length of",
            "  a chain are one holder ('Node (x8-59)'). The JDK's own mapping of",
            "  lib/modules (without cleaner, 100 MiB and more) is counted apart.",
            "@|bold Mapped buffers|@ - FileChannel.map regions still referenced; HotSpot",
            "  dumps rarely tell the file.",
            "@|bold Class loaders|@ - loaders by type, the classes they define and how many",
            "  look generated (proxies, lambdas, scripts): each class costs Metaspace.",
            "  Reflection: DelegatingClassLoaders and GeneratedMethodAccessor classes",
            "  (JDK 17 and older; JDK 18+ has none).",
            "@|bold Duplicate classes|@ - one class name defined by several loaders.",
            "@|bold Native owners|@ - MemberName objects (JDK 8 MethodHandle leak), Inflaters",
            "  and Deflaters not ended (each holds a zlib stream), zstd-jni and RocksDB",
            "  objects.",
            "",
            "Reads JAVA PROFILE 1.0.1/1.0.2 (jcmd PID GC.heap_dump -all FILE, jmap) and",
            ".hprof.gz (decompressed into a private temporary file first). A truncated",
            "or corrupted file gives partial results, marked as such.",
            ""},
        footer = {"", "Examples:", "  offheap heap --dump 4242 --keep app.hprof",
            "  offheap heap app.hprof"})
public final class HeapCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "FILE", description = "A heap dump: FILE.hprof or FILE.hprof.gz.")
    Path file;

    @Option(names = "--dump", paramLabel = "PID", description = {"Take a heap dump of the live JVM PID (all objects,"
            + " unreachable ones too) into a private temporary file and read it. This pauses the JVM for the time of"
            + " the dump (about a second per GiB of heap)."})
    Long pid;

    @Option(names = "--keep", paramLabel = "FILE", description = "With --dump: keep the dump at FILE (it must not exist).")
    Path keep;

    @Option(names = "--no-reachability", description = "Skip reachability (faster, less memory): no reachable/unreachable"
            + " split, no holders, no DISABLE_EXPLICIT_GC or NIO_TEMP_BUFFER_CACHE findings.")
    boolean noReachability;

    @Option(names = "--temp-dir", paramLabel = "DIR", description = "Where --dump writes the dump and where a .gz is"
            + " decompressed (default: java.io.tmpdir), in a private folder deleted afterwards.")
    Path tempDir;

    @Mixin
    OutputOptions output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    HeapDumper dumper = new HeapDumper();

    @Override
    public Integer call() {
        if ((file == null) == (pid == null)) {
            throw new UsageException("give either a heap dump FILE or --dump PID");
        }
        if (keep != null && pid == null) {
            throw new UsageException("--keep needs --dump PID");
        }
        if (keep != null && Files.exists(keep)) {
            throw new UsageException("--keep " + keep + ": file exists");
        }
        PrintWriter err = spec.commandLine().getErr();
        HeapDumper.TakenDump taken = null;
        try {
            Path dump = file;
            if (pid != null) {
                err.println("offheap heap: dumping the heap of pid " + pid + "; the JVM is paused while it writes the dump");
                err.flush();
                taken = dumper.dump(pid);
                dump = taken.file();
                if (keep != null) {
                    dump = copy(dump, keep);
                }
            }
            return views(dump, !noReachability, tempDir, output, spec.commandLine().getOut(), err, "offheap heap: ");
        } finally {
            if (taken != null) {
                taken.close();
            }
        }
    }

    /** Reads a dump and prints its views and findings (also for 'offheap analyze FILE.hprof'); the exit code. */
    static int views(Path dump, boolean reachability, Path tempDir, OutputOptions output, PrintWriter out, PrintWriter err,
                     String prefix) {
        Parsed<HeapDumpFacts> parsed = HeapDumpScanner.scan(dump, new HeapDumpScanner.Options(reachability, tempDir));
        for (ParseWarning w : parsed.warnings()) {
            err.println(prefix + w);
        }
        err.flush();
        HeapSummary summary = HeapViews.summarize(parsed.value());
        List<Finding> findings = HeapRules.findings(summary);
        if (output.json()) {
            out.println(Json.toText(HeapJson.document(summary, findings, Version.current())));
        } else {
            out.print(HeapText.render(summary, findings));
        }
        out.flush();
        output.writeHtml(() -> HeapHtml.render(summary, findings, Version.current()));
        return output.exitCode(findings);
    }

    private static Path copy(Path from, Path to) {
        try {
            return OwnerOnly.copy(from, to);
        } catch (IOException e) {
            throw new UsageException("--keep " + to + ": cannot copy the dump there: " + e.getMessage());
        }
    }
}
