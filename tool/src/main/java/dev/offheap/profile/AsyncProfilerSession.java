package dev.offheap.profile;

import dev.offheap.attach.JcmdException;
import dev.offheap.attach.JvmConnection;
import dev.offheap.files.PrivateFiles;
import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.TargetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One async-profiler session in a live JVM: extracts the profiler library shipped in offheap's jar into a private
 * directory (0700, owned by the target's user) that the target can reach in its own mount namespace, loads it
 * through the attach {@code load} command, records ({@code nativemem} mallocs and frees, or the perf event
 * {@code page-faults}) into JFR files there, and on {@link #stop()} or {@link #close()} stops it and deletes every
 * file. A shutdown hook does the same when offheap is killed (SIGINT, SIGTERM) while profiling.
 */
public final class AsyncProfilerSession implements AutoCloseable {
    private static final String LOG = "profiler.log";

    /**
     * What the session needs to know of the target, read by the caller from /proc; {@code kernelRelease} as in
     * /proc/sys/kernel/osrelease.
     */
    public record Target(long pid, long namespacePid, int uid, int gid, MemoryMap maps, Optional<String> ldPreload, String kernelRelease) {
        Path root() {
            return Path.of("/proc/" + pid + "/root");
        }
    }

    /** What one recording samples. */
    public sealed interface Recording permits Options, PageFaults {
    }

    /**
     * Malloc profiling ({@code nativemem}): {@code intervalBytes} 0 records every malloc, N one per N bytes allocated;
     * {@code cstack} is async-profiler's C stack walker; {@code frees} false passes {@code nofree} (frees are not
     * recorded: the hook only counts); {@code force} profiles where the malloc hooks are known to be risky.
     */
    public record Options(long intervalBytes, String cstack, boolean frees, boolean force) implements Recording {
    }

    /** The perf event {@code page-faults}: one sample per {@code interval} faults of each thread. */
    public record PageFaults(long interval) implements Recording {
    }

    private final JvmConnection jvm;
    private final Path hostDir;
    private final String dirInTarget;
    private final String library;
    private final Thread hook;
    private String usedLibrary;
    private String jfr;
    private int recordings;
    private boolean running;
    private boolean closed;

    private AsyncProfilerSession(JvmConnection jvm, Path hostDir, String dirInTarget, String library) {
        this.jvm = jvm;
        this.hostDir = hostDir;
        this.dirInTarget = dirInTarget;
        this.library = library;
        this.hook = new Thread(this::close, "offheap-profiler-cleanup");
    }

    /**
     * Checks the target, extracts the library and starts profiling.
     *
     * @throws TargetException when the target cannot be profiled safely (without {@code force}) or refuses the agent
     */
    public static AsyncProfilerSession start(JvmConnection jvm, Target target, Recording options, Consumer<String> warn) {
        ProfilerPreflight.Result pre = ProfilerPreflight.check(target, options, warn);
        Path hostDir = privateDirectory(target);
        String dirInTarget = "/tmp/" + hostDir.getFileName();
        String library = pre.loadedLibrary().orElse(null);
        AsyncProfilerSession s = new AsyncProfilerSession(jvm, hostDir, dirInTarget, library);
        Runtime.getRuntime().addShutdownHook(s.hook);
        try {
            s.begin(target, options, warn);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private synchronized void begin(Target target, Recording options, Consumer<String> warn) {
        String lib = library;
        if (lib != null) {
            String status = status(lib, target);
            if (status.contains("running")) {
                throw new TargetException("pid " + target.pid() + ": async-profiler is already running in the target ("
                        + status.strip() + "); stop it first (asprof stop " + target.namespacePid() + ")");
            }
            warn.accept("async-profiler is already loaded in pid " + target.pid() + " (idle): using that copy");
        } else {
            Path copy = hostDir.resolve("libasyncProfiler.so");
            extractLibrary(copy);
            own(copy, target);
            lib = dirInTarget + "/libasyncProfiler.so";
        }
        usedLibrary = lib;
        startRecording(options);
    }

    /** Starts another recording (after {@link #stop()}) with other options, into a file of its own. */
    public synchronized void record(Recording options) {
        if (running || closed) {
            throw new IllegalStateException("a recording is running or the session is closed");
        }
        startRecording(options);
    }

    private void startRecording(Recording options) {
        String args;
        if (options instanceof Options o) {
            jfr = "nativemem-" + ++recordings + ".jfr";
            args = "start,event=nativemem,nativemem=" + o.intervalBytes() + ",cstack=" + o.cstack() + (o.frees() ? "" : ",nofree");
        } else {
            jfr = "pagefaults-" + ++recordings + ".jfr";
            args = "start,event=page-faults,interval=" + ((PageFaults) options).interval();
        }
        // jfropts=3 (NO_SYSTEM_INFO | NO_SYSTEM_PROPS): no jdk.JVMInformation (the JVM's and the program's arguments)
        // nor jdk.InitialSystemProperty events, which would copy the target's secrets into the recording
        args += ",jfr,jfropts=3,file=" + dirInTarget + "/" + jfr + ",log=" + dirInTarget + "/" + LOG + ",quiet";
        try {
            jvm.load(usedLibrary, true, args);
        } catch (JcmdException e) {
            if (options instanceof PageFaults) {
                PerfEventsUnavailable.fromLog(jvm.pid(), log()).ifPresent(u -> {
                    throw u;
                });
            }
            throw new TargetException("pid " + jvm.pid() + ": async-profiler did not start: " + e.jvmMessage() + logTail());
        }
        running = true;
    }

    private String status(String lib, Target target) {
        String file = dirInTarget + "/status.txt";
        try {
            jvm.load(lib, true, "status,file=" + file + ",log=" + dirInTarget + "/" + LOG);
            return Files.readString(hostDir.resolve("status.txt"));
        } catch (JcmdException | IOException e) {
            throw new TargetException("pid " + target.pid() + ": async-profiler is loaded in the target (" + lib
                    + ") but does not answer: " + e.getMessage() + "; offheap will not load a second copy");
        }
    }

    /** Stops profiling and returns the finished recording (valid until {@link #close()}). */
    public synchronized Path stop() {
        if (running) {
            running = false;
            // a thread interrupted to end its profile (a capture's, when the watch is closed) must still stop the
            // profiler: the attach socket is an interruptible channel, which an interrupt status closes at once
            boolean interrupted = Thread.interrupted();
            try {
                jvm.load(usedLibrary, true, "stop,file=" + dirInTarget + "/" + jfr + ",log=" + dirInTarget + "/" + LOG + ",quiet");
            } catch (JcmdException e) {
                throw new TargetException("pid " + jvm.pid() + ": async-profiler did not stop: " + e.jvmMessage() + logTail());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return hostDir.resolve(jfr);
    }

    /** The library path as the target sees it (for status queries in tests). */
    public String libraryInTarget() {
        return usedLibrary;
    }

    /** Stops the profiler if it still runs and deletes the private directory; safe to call twice and from the hook. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (running && Files.isDirectory(Path.of("/proc/" + jvm.pid()))) {
                stop();
            }
        } catch (RuntimeException e) {
            System.err.println("offheap profile: could not stop async-profiler in pid " + jvm.pid() + ": " + e.getMessage());
        } finally {
            PrivateFiles.deleteTree(hostDir);
            if (Thread.currentThread() != hook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down already: the hook runs or ran
                }
            }
        }
    }

    private String logTail() {
        String log = log().strip();
        return log.isEmpty() ? "" : " (" + log.lines().reduce((a, b) -> b).orElse("") + ")";
    }

    /** async-profiler's log so far ("" when it wrote none). */
    private String log() {
        try {
            return Files.readString(hostDir.resolve(LOG));
        } catch (IOException e) {
            return "";
        }
    }

    private static Path privateDirectory(Target target) {
        Path tmp = target.root().resolve("tmp");
        try {
            // the target sees our /tmp: name it so, so that the folder can still be removed after the target exits
            // (its /proc/PID/root goes with it)
            if (Files.isSameFile(tmp, Path.of("/tmp"))) {
                tmp = Path.of("/tmp");
            }
        } catch (IOException e) {
            throw new TargetException("pid " + target.pid() + ": cannot read " + tmp + ": " + e.getMessage());
        }
        try {
            Path dir = Files.createTempDirectory(tmp, "offheap-profile-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            own(dir, target);
            return dir;
        } catch (IOException e) {
            throw new TargetException("pid " + target.pid() + ": cannot create a private directory in " + tmp + ": " + e.getMessage());
        }
    }

    /** Hands a file to the target's user: the profiler writes there as that user. */
    private static void own(Path p, Target target) {
        try {
            if ((int) Files.getAttribute(p, "unix:uid") != target.uid()) {
                Files.setAttribute(p, "unix:uid", target.uid());
                Files.setAttribute(p, "unix:gid", target.gid());
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new TargetException("pid " + target.pid() + ": cannot give " + p + " to uid " + target.uid()
                    + " (run offheap as root or as the target's user): " + e.getMessage());
        }
    }

    static void extractLibrary(Path to) {
        String resource = "/" + platform() + "/libasyncProfiler.so";
        try (InputStream in = AsyncProfilerSession.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new TargetException("this offheap build has no async-profiler library for " + platform());
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("r-x------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String platform() {
        String arch = System.getProperty("os.arch");
        return arch.equals("aarch64") || arch.equals("arm64") ? "linux-arm64" : "linux-x64";
    }

    /** The async-profiler library already mapped in the target, if any (a previous session or another tool). */
    static Optional<Mapping> loadedProfiler(MemoryMap maps) {
        return maps.mappings().stream()
                .filter(m -> m.path() != null && m.path().endsWith("/libasyncProfiler.so") && m.offset() == 0)
                .findFirst();
    }
}
