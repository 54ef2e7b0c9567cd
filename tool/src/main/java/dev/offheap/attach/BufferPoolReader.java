package dev.offheap.attach;

import dev.offheap.agent.BufferPoolAgent;
import dev.offheap.model.BufferPools;
import dev.offheap.model.TargetException;
import dev.offheap.parse.jcmd.BufferPoolsParser;
import dev.offheap.redact.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Reads the target's NIO buffer pools (BufferPoolMXBean) by loading {@link BufferPoolAgent} into it with the attach
 * {@code load instrument} operation, then reading the system property the agent sets. The agent's jar is written to
 * a private folder in the target's /tmp (through /proc/PID/root, so it works for containers) and deleted right after
 * the load. JDK 21+ print a four-line warning on the target's stderr at every dynamic load (whatever the jar's path)
 * unless it runs with -XX:+EnableDynamicAgentLoading: a report loads the agent once, a watch or an exporter once per
 * JVM ({@link #readAndRefresh}), and none loads it while an agent's thread republishes (one agent per JVM, whichever
 * offheap process loaded it).
 */
public final class BufferPoolReader {
    public static final String SOURCE = "agent (BufferPoolMXBean)";
    /** An agent folder older than this in a target's /tmp was left by a killed offheap (a load takes milliseconds). */
    static final long STALE_MILLIS = 60_000;

    private BufferPoolReader() {
    }

    public static BufferPools read(Jcmd jcmd) {
        return BufferPoolsParser.parseValue(readValue(jcmd), SOURCE);
    }

    /**
     * Loads the agent so that it republishes the pools every {@code refreshMillis} from a daemon thread that ends at
     * {@code untilMillis} (epoch) or once no attach operation has run for {@code idleMillis}, and returns the pools as
     * first published; later values are read with {@link #published}.
     */
    public static BufferPools readAndRefresh(Jcmd jcmd, long refreshMillis, long untilMillis, long idleMillis) {
        return BufferPoolsParser.parseValue(load(jcmd, "refresh=" + refreshMillis + ",until=" + untilMillis + ",idle=" + idleMillis), SOURCE);
    }

    /** The pools the agent last published, without loading it; empty when it was never loaded in this JVM. */
    public static Optional<BufferPools> published(Jcmd jcmd) {
        return publishedValue(jcmd).map(v -> BufferPoolsParser.parseValue(v, SOURCE));
    }

    /** The agent's last published value as text (see {@link #readValue}), empty when it was never loaded. */
    public static Optional<String> publishedValue(Jcmd jcmd) {
        return BufferPoolsParser.propertyValue(jcmd.systemProperties(Redactor.standard()), BufferPoolAgent.PROPERTY);
    }

    /**
     * The agent's published value once it is at least as new as {@code notBeforeMillis} (epoch), waiting up to
     * {@code waitMillis} for the agent's thread to republish; the last value seen when none comes (or empty).
     */
    public static Optional<String> publishedValue(Jcmd jcmd, long notBeforeMillis, long waitMillis) {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (true) {
            Optional<String> v = publishedValue(jcmd);
            if (v.isEmpty() || BufferPoolsParser.parseValue(v.get(), SOURCE).takenAtMillis() >= notBeforeMillis
                    || System.currentTimeMillis() >= deadline) {
                return v;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return v;
            }
        }
    }

    /** The agent's published value: "time;name,count,capacity,used;…" (see {@link BufferPoolAgent#PROPERTY}). */
    public static String readValue(Jcmd jcmd) {
        return load(jcmd, null);
    }

    /**
     * A value younger than this, published by an agent thread that republishes (every second at most), loaded by this
     * or another offheap process, is used as it is: the agent is not loaded again.
     */
    public static final long FRESH_MILLIS = 3000;

    private static String load(Jcmd jcmd, String agentOptions) {
        String props = jcmd.systemProperties(Redactor.standard());
        Optional<String> running = BufferPoolsParser.propertyValue(props, BufferPoolAgent.PROPERTY)
                .filter(v -> BufferPoolsParser.propertyValue(props, BufferPoolAgent.REPUBLISHING).isPresent())
                .filter(v -> System.currentTimeMillis() - BufferPoolsParser.parseValue(v, SOURCE).takenAtMillis() <= FRESH_MILLIS);
        return running.isPresent() ? running.get() : loadAgent(jcmd, agentOptions);
    }

    /** Loads the agent whatever runs already (the agent then extends a running thread rather than start another). */
    static String loadAgent(Jcmd jcmd, String agentOptions) {
        long pid = jcmd.connection().pid();
        Path targetTmp = Path.of("/proc", Long.toString(pid), "root", "tmp");
        Path dir = null;
        Path jar = null;
        try {
            removeStale(targetTmp);
            dir = Files.createTempDirectory(targetTmp, "offheap-agent-");
            // the target may run as another user: it must be able to traverse the folder and read the jar
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            jar = dir.resolve("offheap-agent.jar");
            writeAgentJar(jar);
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            String inTarget = "/tmp/" + dir.getFileName() + "/" + jar.getFileName();
            jcmd.connection().load("instrument", false, agentOptions == null ? inTarget : inTarget + "=" + agentOptions);
        } catch (IOException e) {
            throw new TargetException("pid " + pid + ": cannot place the buffer-pool agent in " + targetTmp + ": " + e.getMessage());
        } finally {
            deleteQuietly(jar);
            deleteQuietly(dir);
        }
        // the agent publishes before its load returns; should the property show a moment later, wait for it a little
        long deadline = System.currentTimeMillis() + 1000;
        while (true) {
            Optional<String> value = BufferPoolsParser.propertyValue(jcmd.systemProperties(Redactor.standard()),
                    BufferPoolAgent.PROPERTY);
            if (value.isPresent()) {
                return value.get();
            }
            if (System.currentTimeMillis() >= deadline) {
                throw new TargetException("pid " + pid + ": the buffer-pool agent loaded but published nothing");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetException("pid " + pid + ": interrupted while reading the buffer pools", e);
            }
        }
    }

    private static void writeAgentJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Agent-Class"), BufferPoolAgent.class.getName());
        String entry = BufferPoolAgent.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out, manifest);
             InputStream cls = BufferPoolAgent.class.getClassLoader().getResourceAsStream(entry)) {
            if (cls == null) {
                throw new IllegalStateException("agent class " + entry + " missing from offheap's jar");
            }
            jos.putNextEntry(new JarEntry(entry));
            cls.transferTo(jos);
            jos.closeEntry();
        }
    }

    /**
     * The agent's folders an offheap killed with SIGKILL left in the target's /tmp (no handler runs then; the folder
     * lives for the few milliseconds of a load otherwise): those older than {@link #STALE_MILLIS} are removed.
     */
    static void removeStale(Path targetTmp) {
        long before = System.currentTimeMillis() - STALE_MILLIS;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(targetTmp, "offheap-agent-*")) {
            for (Path d : dirs) {
                try {
                    if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS) && Files.getLastModifiedTime(d).toMillis() < before) {
                        Files.deleteIfExists(d.resolve("offheap-agent.jar"));
                        Files.deleteIfExists(d);
                    }
                } catch (IOException e) {
                    // another offheap's, or removed meanwhile: left as it is
                }
            }
        } catch (IOException e) {
            // the target's /tmp cannot be listed: the load below says what is wrong
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }
}
