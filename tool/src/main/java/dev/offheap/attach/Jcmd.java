package dev.offheap.attach;

import dev.offheap.model.PerfCounters;
import dev.offheap.model.TargetException;
import dev.offheap.proc.PerfDataFiles;
import dev.offheap.redact.Redactor;
import java.nio.file.Path;
import java.util.Set;

/**
 * The diagnostic commands offheap uses, by name, over one {@link JvmConnection}; each returns the command's text
 * output exactly as {@code jcmd PID <command>} prints it (without jcmd's "PID:" header line).
 */
public final class Jcmd {
    /** Commands whose answer holds environment variables, -D properties, string flags or program arguments. */
    static final Set<String> CONFIGURATION = Set.of("VM.flags", "VM.command_line", "VM.system_properties", "VM.info");

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

    /**
     * Any command line, e.g. {@code "GC.heap_info"}, except those that print the target's configuration
     * ({@link #CONFIGURATION}): they are read through a {@link Redactor} ({@link #vmFlags}, {@link #vmCommandLine},
     * {@link #systemProperties}).
     */
    public String run(String command) {
        String name = command.strip().split("\\s+", 2)[0];
        if (CONFIGURATION.contains(name)) {
            throw new IllegalArgumentException(name + " prints the target's configuration: read it through a Redactor");
        }
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

    /** {@code VM.flags}, or {@code VM.flags -all} for every flag with its origin; string flags as {@code redactor} leaves them. */
    public String vmFlags(boolean all, Redactor redactor) {
        return redactor.vmFlags(connection.jcmd(all ? "VM.flags -all" : "VM.flags"));
    }

    public String vmVersion() {
        return run("VM.version");
    }

    /** {@code VM.command_line}: jvm_args and java_command as {@code redactor} leaves them. */
    public String vmCommandLine(Redactor redactor) {
        return redactor.vmCommandLine(connection.jcmd("VM.command_line"));
    }

    /** {@code VM.system_properties}, the values as {@code redactor} leaves them. */
    public String systemProperties(Redactor redactor) {
        return redactor.systemProperties(connection.jcmd("VM.system_properties"));
    }

    /**
     * What {@code jcmd PID PerfCounter.print} shows: the jcmd tool reads it from the target's hsperfdata file, it is
     * not a diagnostic command of the JVM (sending it gives "Unknown diagnostic command").
     *
     * @throws TargetException when the JVM has no readable hsperfdata file (-XX:-UsePerfData)
     */
    public PerfCounters perfCounters(Redactor redactor) {
        return PerfDataFiles.counters(connection.pid(), redactor).orElseThrow(() -> new TargetException("pid " + connection.pid()
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

    /** {@code VM.class_hierarchy}: every loaded class once, hidden ones included (a safepoint operation). */
    public String classHierarchy() {
        return run("VM.class_hierarchy");
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
