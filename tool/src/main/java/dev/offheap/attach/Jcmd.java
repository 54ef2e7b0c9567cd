package dev.offheap.attach;

import dev.offheap.model.PerfCounters;
import dev.offheap.model.TargetException;
import dev.offheap.proc.PerfDataFiles;
import java.nio.file.Path;

/**
 * The diagnostic commands offheap uses, by name, over one {@link JvmConnection}; each returns the command's text
 * output exactly as {@code jcmd PID <command>} prints it (without jcmd's "PID:" header line).
 */
public final class Jcmd {
    private final JvmConnection connection;

    public Jcmd(JvmConnection connection) {
        this.connection = connection;
    }

    /** Attaches with default options. */
    public static Jcmd attach(long pid) {
        return new Jcmd(AttachClient.open(pid));
    }

    public JvmConnection connection() {
        return connection;
    }

    /** Any command line, e.g. {@code "GC.heap_info"}. */
    public String run(String command) {
        return connection.jcmd(command);
    }

    /**
     * {@code VM.native_memory <mode> [options]}: mode "summary", "detail", "baseline", "summary.diff",
     * "detail.diff"; options such as "scale=KB". With NMT off the result is the text
     * "Native memory tracking is not enabled", not an error.
     */
    public String nativeMemory(String mode, String... options) {
        return run(join("VM.native_memory " + mode, options));
    }

    /** {@code VM.flags}, or {@code VM.flags -all} for every flag with its origin. */
    public String vmFlags(boolean all) {
        return run(all ? "VM.flags -all" : "VM.flags");
    }

    public String vmVersion() {
        return run("VM.version");
    }

    public String vmCommandLine() {
        return run("VM.command_line");
    }

    public String systemProperties() {
        return run("VM.system_properties");
    }

    /**
     * What {@code jcmd PID PerfCounter.print} shows: the jcmd tool reads it from the target's hsperfdata file, it is
     * not a diagnostic command of the JVM (sending it gives "Unknown diagnostic command").
     *
     * @throws TargetException when the JVM has no readable hsperfdata file (-XX:-UsePerfData)
     */
    public PerfCounters perfCounters() {
        return PerfDataFiles.counters(connection.pid()).orElseThrow(() -> new TargetException("pid " + connection.pid()
                + ": no hsperfdata file to read performance counters from (started with -XX:-UsePerfData?)"));
    }

    /** {@code System.map}: the memory map annotated by NMT (JDK 21+; "Unknown diagnostic command" before). */
    public String systemMap() {
        return run("System.map");
    }

    /** {@code System.native_heap_info}: glibc malloc_info() XML. */
    public String nativeHeapInfo() {
        return run("System.native_heap_info");
    }

    public String classLoaderStats() {
        return run("VM.classloader_stats");
    }

    public String codeCache() {
        return run("Compiler.codecache");
    }

    public String metaspace() {
        return run("VM.metaspace");
    }

    public String classHistogram() {
        return run("GC.class_histogram");
    }

    /** {@code Compiler.perfmap}: writes /tmp/perf-<nspid>.map inside the target's mount namespace. */
    public String perfMap() {
        return run("Compiler.perfmap");
    }

    /**
     * {@code GC.heap_dump [-all] <path>}: {@code path} is written by the target, in its own mount namespace and
     * relative to its working directory; it must not exist yet.
     *
     * @throws JcmdException when the JVM reports the dump was not written
     */
    public String heapDump(Path path, boolean all) {
        String p = path.toString();
        String command = "GC.heap_dump " + (all ? "-all " : "") + (p.contains(" ") ? "\"" + p + "\"" : p);
        String out = run(command);
        if (!out.contains("Heap dump file created")) {
            throw new JcmdException(connection.pid(), "jcmd '" + command + "'", out.strip());
        }
        return out;
    }

    private static String join(String command, String... options) {
        return options.length == 0 ? command : command + " " + String.join(" ", options);
    }
}
