package dev.offheap.attach;

import dev.offheap.model.PerfCounters;
import dev.offheap.model.TargetException;
import dev.offheap.proc.PerfDataFiles;
import dev.offheap.redact.Redactor;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * HotSpot dynamic attach in pure Java: finds or starts the target's attach listener (the {@code .attach_pid} + SIGQUIT
 * handshake of attachListener_linux.cpp) and returns a {@link JvmConnection} to its UNIX socket. Works for targets
 * of another user when run as root and for targets in containers (through {@code /proc/PID/root} and NSpid).
 */
public final class AttachClient {
    private AttachClient() {
    }

    public static JvmConnection open(long pid) {
        return open(pid, AttachOptions.defaults());
    }

    /**
     * Attaches to {@code pid}, starting its attach listener if needed. Checks everything that can be checked before
     * signalling the target, so that no process is sent a SIGQUIT that would kill it or print a thread dump.
     *
     * @throws TargetException with a one-line message when the target cannot be attached
     */
    public static JvmConnection open(long pid, AttachOptions options) {
        TargetProcess target = TargetProcess.of(pid);
        checkPermission(target);
        if (!PerfDataFiles.isHotSpot(pid)) {
            // a process that is exiting (a zombie) has no mappings left: it is gone, not "not a JVM"
            throw target.alive()
                    ? new TargetException(TargetException.Reason.NOT_HOTSPOT, "pid " + pid + " is not a Java process (no libjvm.so mapped)")
                    : new TargetException(TargetException.Reason.EXITED, "pid " + pid + " exited");
        }
        // HotSpot always uses /tmp (not java.io.tmpdir) for the socket, named by the pid in its own namespace.
        Path socket = target.tmp().resolve(".java_pid" + target.nspid);
        if (!(Files.exists(socket, LinkOption.NOFOLLOW_LINKS) && AttachSocket.accepts(socket))) {
            checkAttachable(target);
            startListener(target, socket, options);
        }
        checkSocketOwner(target, socket);
        return negotiate(target, socket, options);
    }

    private static void checkPermission(TargetProcess target) {
        int ours = TargetProcess.ourUid();
        if (ours != 0 && ours != target.uid) {
            String name = target.userName();
            throw new TargetException(TargetException.Reason.OTHER_USER, "pid " + target.pid + ": permission denied: run as root or as user '"
                    + (name == null ? "?" : name) + "' (uid " + target.uid + ")");
        }
    }

    /** Refuses targets that would print a thread dump instead of starting a listener, or die of the signal. */
    private static void checkAttachable(TargetProcess target) {
        Optional<PerfCounters> counters = PerfDataFiles.counters(target.pid, Redactor.standard());
        String capabilities = counters.map(c -> c.text("sun.rt.jvmCapabilities")).orElse(null);
        // "1100000000..." : the first flag is "attach supported" (false with -XX:+DisableAttachMechanism)
        boolean disabled = capabilities != null && !capabilities.isEmpty()
                ? capabilities.charAt(0) == '0'
                : disabledOnCommandLine(target);
        if (disabled) {
            throw new TargetException(TargetException.Reason.ATTACH_DISABLED, "pid " + target.pid + ": attach is disabled (-XX:+DisableAttachMechanism)");
        }
        if (!target.catchesSigquit) {
            throw new TargetException(TargetException.Reason.ATTACH_DISABLED, "pid " + target.pid + ": the JVM has no attach listener and does not catch"
                    + " SIGQUIT (started with -Xrs or -XX:+ReduceSignalUsage?), so it cannot be asked to start one");
        }
    }

    /** Without hsperfdata (-XX:-UsePerfData): the last of ±DisableAttachMechanism in the options we can see. */
    private static boolean disabledOnCommandLine(TargetProcess target) {
        String text = target.environment() + " " + target.commandLine();
        int on = text.lastIndexOf("-XX:+DisableAttachMechanism");
        int off = text.lastIndexOf("-XX:-DisableAttachMechanism");
        return on >= 0 && on > off;
    }

    /** Creates the trigger file, sends SIGQUIT, waits for the socket; deletes the trigger file in every case. */
    private static void startListener(TargetProcess target, Path socket, AttachOptions options) {
        Object staleKey = fileKey(socket);
        Trigger trigger = createTrigger(target);
        try {
            sendQuit(target);
            long deadline = System.nanoTime() + options.listenerTimeout().toNanos();
            long sleepMillis = 10;
            while (true) {
                Object key = fileKey(socket);
                if (key != null && !key.equals(staleKey)) {
                    return;
                }
                if (target.exitedWithin(0)) {
                    throw new TargetException(TargetException.Reason.EXITED, "pid " + target.pid + " exited during attach");
                }
                if (System.nanoTime() > deadline) {
                    throw new TargetException(TargetException.Reason.TIMED_OUT, "pid " + target.pid + ": the JVM did not start its attach listener within "
                            + AttachOptions.format(options.listenerTimeout()));
                }
                sleep(sleepMillis);
                sleepMillis = Math.min(200, sleepMillis * 2);
            }
        } finally {
            trigger.delete();
        }
    }

    /**
     * The trigger file as created through /proc, and the same file by its path here when it is one (checked by
     * device and inode), to delete it even after the target exited and its /proc/PID links are gone.
     */
    private record Trigger(Path viaProc, Path direct) {
        void delete() {
            try {
                if (!Files.deleteIfExists(viaProc) && direct != null) {
                    Files.deleteIfExists(direct);
                }
            } catch (IOException e) {
                // nothing more we can do; the next attach to this pid reuses the file
            }
        }
    }

    // HotSpot looks for ".attach_pid<nspid>" in its working directory, then in /tmp. It accepts a file owned by its
    // own effective uid or by root (os::Posix::matches_effective_uid_or_root), so root needs no chown.
    private static Trigger createTrigger(TargetProcess target) {
        String name = ".attach_pid" + target.nspid;
        IOException first = null;
        for (Path dir : List.of(target.cwd(), target.tmp())) {
            Path trigger = dir.resolve(name);
            try {
                try {
                    Files.createFile(trigger);
                } catch (FileAlreadyExistsException e) {
                    // another client is attaching right now; its file serves us too
                }
                return new Trigger(trigger, directPath(trigger));
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (!target.alive()) {
            throw new TargetException(TargetException.Reason.EXITED, "pid " + target.pid + " exited during attach");
        }
        throw new TargetException(TargetException.Reason.PERMISSION, "pid " + target.pid + ": cannot create " + name + " in its working directory or /tmp: "
                + first.getMessage());
    }

    // Java 17 cannot send SIGQUIT itself; kill(1) can. Only called after checking SigCgt.
    private static void sendQuit(TargetProcess target) {
        try {
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(target.pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new TargetException(TargetException.Reason.TIMED_OUT, "pid " + target.pid + ": kill -QUIT did not finish");
            }
            if (kill.exitValue() != 0) {
                throw target.alive()
                        ? new TargetException("pid " + target.pid + ": kill -QUIT failed (exit " + kill.exitValue() + ")")
                        : new TargetException(TargetException.Reason.EXITED, "pid " + target.pid + " exited during attach");
            }
        } catch (IOException e) {
            throw new TargetException("pid " + target.pid + ": cannot run kill -QUIT: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("pid " + target.pid + ": interrupted while attaching", e);
        }
    }

    /** The JVM creates its socket owned by its effective uid, mode 0600; anything else is not its listener. */
    private static void checkSocketOwner(TargetProcess target, Path socket) {
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(socket, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw target.alive()
                    ? new TargetException(TargetException.Reason.PERMISSION, "pid " + target.pid + ": cannot read " + socket + ": " + e.getMessage(), e)
                    : new TargetException(TargetException.Reason.EXITED, "pid " + target.pid + " exited during attach");
        }
        int uid = (Integer) attrs.get("uid");
        int mode = (Integer) attrs.get("mode") & 0777;
        if (uid != target.uid) {
            throw new TargetException(TargetException.Reason.PERMISSION, "pid " + target.pid + ": refusing attach socket " + socket + ": owned by uid "
                    + uid + ", but the process runs as uid " + target.uid);
        }
        if (mode != 0600) {
            throw new TargetException(TargetException.Reason.PERMISSION, "pid " + target.pid + ": refusing attach socket " + socket + ": mode "
                    + String.format("%04o", mode) + ", expected 0600");
        }
    }

    // "getversion options" answers "2 streaming" on JDK 25, "2" on JDK 24; older JDKs fail with
    // "Operation getversion not recognized!". Sent as v1, which every JDK reads.
    private static JvmConnection negotiate(TargetProcess target, Path socket, AttachOptions options) {
        JvmConnection v1 = new JvmConnection(target, socket, AttachRequest.V1, "", options);
        AttachResponse r = v1.roundTrip("getversion", AttachRequest.v1("getversion", List.of("options")));
        if (!options.allowV2() || !r.ok()) {
            return v1;
        }
        String[] words = r.output().strip().split("[ ,]+");
        if (!words[0].equals("2")) {
            return v1;
        }
        boolean streamingOption = List.of(words).subList(1, words.length).contains("streaming");
        String v2Options = streamingOption ? "streaming=" + (options.streaming() ? "1" : "0") : "";
        return new JvmConnection(target, socket, AttachRequest.V2, v2Options, options);
    }

    private static Path directPath(Path viaProc) {
        try {
            Path real = viaProc.toRealPath();
            return Files.isSameFile(real, viaProc) ? real : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while attaching", e);
        }
    }
}
