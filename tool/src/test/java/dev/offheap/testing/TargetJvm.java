package dev.offheap.testing;

import dev.offheap.proc.PerfDataFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real JVM started by a test: a zoo program on JDK 17 or 25 with chosen options. {@link #close()} kills it by its
 * own handle (and any process it started), waits for it, and deletes its private working directory.
 */
public final class TargetJvm implements AutoCloseable {
    private final Process process;
    private final Path workDir;
    private final StringBuffer output = new StringBuffer();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final long javaPid;
    /** The files the JVM leaves when it dies by a signal (killed by the test or by the OOM killer before it). */
    private final List<Path> leftWhenKilled;

    private TargetJvm(Builder b) throws IOException {
        workDir = Files.createTempDirectory("offheap-test-target");
        if (b.runAsUser != null) {
            Files.setAttribute(workDir, "unix:uid", b.runAsUid);
        }
        List<String> cmd = new ArrayList<>(b.wrapper);
        cmd.add(b.jdk.java().toString());
        cmd.addAll(b.jvmArgs);
        if (b.jar != null) {
            cmd.add("-jar");
            cmd.add(b.jar.toString());
        } else {
            cmd.add("-cp");
            String base = b.classpath != null ? b.classpath : zooClasspath();
            cmd.add(b.extraClassPath == null ? base : base + java.io.File.pathSeparator + b.extraClassPath);
            cmd.add(b.mainClass);
        }
        cmd.addAll(b.args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(b.env);
        process = pb.start();
        Thread pump = new Thread(this::pump, "target-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        try {
            if (!ready.await(b.readyTimeoutSeconds, TimeUnit.SECONDS)) {
                String out = output.toString();
                close();
                throw new IllegalStateException("target " + b.mainClass + " not ready after " + b.readyTimeoutSeconds + "s; output:\n" + out);
            }
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        javaPid = isJava(process.toHandle()) ? process.pid() : findJavaDescendant();
        leftWhenKilled = filesLeftWhenKilled(javaPid);
    }

    /**
     * Where a JVM that dies by a signal leaves its hsperfdata file and its attach socket (made at the first attach, so
     * perhaps not yet): known while it runs, so that they can be deleted after a kill the test did not make (the OOM
     * killer's), when /proc/PID is gone. The socket's path only where the JVM shares this process's /tmp.
     */
    private static List<Path> filesLeftWhenKilled(long pid) {
        List<Path> files = new ArrayList<>(jvmFiles(pid));
        try {
            Path ownMounts = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt"));
            if (ownMounts.equals(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/mnt")))) {
                files.add(Path.of("/tmp/.java_pid" + PerfDataFiles.namespacePid(pid)));
            }
        } catch (IOException e) {
            // gone already, or not ours to read: nothing more to find
        }
        return files;
    }

    public static Builder builder(Jdk jdk, Class<?> mainClass) {
        return new Builder(jdk, mainClass.getName());
    }

    /** The pid of the java process itself (a descendant when the JVM runs under a wrapper such as unshare). */
    public long pid() {
        return javaPid;
    }

    public Path workDir() {
        return workDir;
    }

    /** Everything the target printed so far, stdout and stderr together. */
    public String output() {
        return output.toString();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Process process() {
        return process;
    }

    @Override
    public void close() {
        kill();
        deleteTree(workDir);
    }

    /**
     * Kills the JVM (and any process it started) with SIGKILL, waits for it, and deletes the hsperfdata file and attach
     * socket it leaves behind; the working directory stays until {@link #close()}. Safe to call from another thread.
     */
    public void kill() {
        List<ProcessHandle> all = new ArrayList<>();
        process.descendants().forEach(all::add);
        all.add(process.toHandle());
        // SIGKILL leaves the JVM's hsperfdata file and attach socket behind: find them while /proc/PID still exists
        List<Path> leftovers = new ArrayList<>();
        all.forEach(h -> leftovers.addAll(jvmFiles(h.pid())));
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the process may be gone already; nothing else to wait for
            }
        }
        if (leftWhenKilled != null && !ProcessHandle.of(javaPid).map(ProcessHandle::isAlive).orElse(false)) {
            leftovers.addAll(leftWhenKilled); // also what a JVM dead before (the OOM killer's) left, now /proc/PID is gone
        }
        for (Path p : leftovers) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The hsperfdata file and attach socket of a live pid, as real paths that stay valid after it exits. */
    private static List<Path> jvmFiles(long pid) {
        List<Path> files = new ArrayList<>();
        PerfDataFiles.find(pid).ifPresent(f -> files.add(f));
        long nspid = PerfDataFiles.namespacePid(pid);
        files.add(Path.of("/proc/" + pid + "/root/tmp/.java_pid" + nspid));
        List<Path> real = new ArrayList<>();
        for (Path f : files) {
            try {
                real.add(f.toRealPath());
            } catch (IOException e) {
                // not there (no socket yet, or the process is gone)
            }
        }
        return real;
    }

    private long findJavaDescendant() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> java = process.descendants().filter(TargetJvm::isJava).findFirst();
            if (java.isPresent()) {
                return java.get().pid();
            }
            sleep(50);
        }
        throw new IllegalStateException("no java process found under " + process.pid());
    }

    private static boolean isJava(ProcessHandle h) {
        return h.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
                if (line.equals("ready")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** The zoo's own jar or classes folder, without its dependencies. */
    static Path zooLocation() {
        try {
            return Path.of(dev.offheap.zoo.Ready.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class path holding the zoo programs (a jar or a classes folder, as Maven built them), zstd-jni and JNA. */
    public static String zooClasspath() {
        try {
            return zooLocation() + java.io.File.pathSeparator
                    + Path.of(com.github.luben.zstd.Zstd.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    + java.io.File.pathSeparator
                    + Path.of(com.sun.jna.Native.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes a folder and all it holds (nothing when it is null or gone). */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options of a target to start. */
    public static final class Builder {
        private final Jdk jdk;
        private final String mainClass;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final List<String> wrapper = new ArrayList<>();
        private final Map<String, String> env = new HashMap<>();
        private String runAsUser;
        private int runAsUid;
        private int readyTimeoutSeconds = 60;
        private String classpath;
        private String extraClassPath;
        private Path jar;

        private Builder(Jdk jdk, String mainClass) {
            this.jdk = jdk;
            this.mainClass = mainClass;
        }

        public Builder jvmArgs(String... a) {
            jvmArgs.addAll(List.of(a));
            return this;
        }

        public Builder args(String... a) {
            args.addAll(List.of(a));
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Runs the JVM under another command, e.g. {@code unshare --fork --pid --mount-proc}. */
        public Builder wrapper(String... command) {
            wrapper.addAll(List.of(command));
            return this;
        }

        /** Runs the JVM as another user (needs root): via {@code setpriv}, its working directory owned by that user. */
        public Builder runAs(String user, int uid, int gid) {
            runAsUser = user;
            runAsUid = uid;
            wrapper.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
            return this;
        }

        /** Runs the zoo from its compiled classes folder rather than its jar (the JDK's own objects differ). */
        public Builder zooClassesFolder() {
            Path classes = zooLocation();
            if (!Files.isDirectory(classes)) {
                classes = classes.getParent().resolve("classes");
            }
            classpath = classes.toString();
            return this;
        }

        /** Adds entries after the zoo classes on the class path (e.g. zstd-jni's jar). */
        public Builder classPath(String entries) {
            extraClassPath = entries;
            return this;
        }

        /** Starts {@code java -jar JAR} instead (its manifest names the main class and class path). */
        public Builder jar(Path jarFile) {
            jar = jarFile;
            return this;
        }

        public Builder readyTimeoutSeconds(int s) {
            readyTimeoutSeconds = s;
            return this;
        }

        public TargetJvm start() {
            try {
                return new TargetJvm(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
