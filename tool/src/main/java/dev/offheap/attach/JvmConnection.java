package dev.offheap.attach;

import dev.offheap.model.TargetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM whose attach listener is running, from {@link AttachClient#open}. Each operation opens its own connection to
 * the listener's socket (HotSpot closes it after one operation), so this object is cheap to keep and to use again.
 * Thread-safe; {@link #close()} only forgets the target.
 */
public final class JvmConnection implements AutoCloseable {
    // "return code: 0" (JDK 21+) or "0" (JDK 8-17): what Agent_OnAttach returned
    private static final Pattern LOAD_RETURN_CODE = Pattern.compile("^(?:return code: )?(-?\\d+)\\s*$", Pattern.MULTILINE);

    private final TargetProcess target;
    private final Path socket;
    private final int protocol;
    private final String v2Options;
    private final AttachOptions options;

    JvmConnection(TargetProcess target, Path socket, int protocol, String v2Options, AttachOptions options) {
        this.target = target;
        this.socket = socket;
        this.protocol = protocol;
        this.v2Options = v2Options;
        this.options = options;
    }

    public long pid() {
        return target.pid;
    }

    /** The target's pid in its own PID namespace (equal to {@link #pid()} outside containers). */
    public long namespacePid() {
        return target.nspid;
    }

    /** The attach protocol in use: 1 (every JDK) or 2 (JDK 24+). */
    public int protocolVersion() {
        return protocol;
    }

    /**
     * Runs a diagnostic command ({@code jcmd PID <command>}) and returns its output. A result such as
     * "Native memory tracking is not enabled" is output, not an error.
     *
     * @throws JcmdException when the JVM reports the command failed (unknown command, bad option, ...)
     * @throws TargetException when the JVM cannot be reached, exits, or does not answer in time
     */
    public String jcmd(String command) {
        AttachResponse r = execute("jcmd", command);
        if (!r.ok()) {
            throw new JcmdException(target.pid, "jcmd '" + command + "'", r.message());
        }
        return r.output();
    }

    /**
     * Loads a JVMTI agent library into the target ({@code jcmd PID JVMTI.agent_load} without jcmd): {@code path} is
     * read by the target, inside its own mount namespace. Returns the agent's output after the return-code line.
     *
     * @throws JcmdException when the library cannot be loaded or Agent_OnAttach returns non-zero
     */
    public String load(String path, boolean absolute, String agentOptions) {
        String what = "load '" + path + "'";
        AttachResponse r = execute("load", path, absolute ? "true" : "false", agentOptions == null ? "" : agentOptions);
        if (!r.ok()) {
            throw new JcmdException(target.pid, what, r.message());
        }
        Matcher m = LOAD_RETURN_CODE.matcher(r.output());
        if (!m.find()) {
            throw new JcmdException(target.pid, what, r.message());
        }
        if (!m.group(1).equals("0")) {
            throw new JcmdException(target.pid, what, "Agent_OnAttach returned " + m.group(1));
        }
        return (r.output().substring(0, m.start()) + r.output().substring(m.end())).strip();
    }

    /**
     * Runs any attach operation ({@code jcmd}, {@code load}, {@code properties}, {@code threaddump}, ...) and returns
     * the raw reply, whatever its result code. Protocol v1 allows at most three arguments of 1024 bytes.
     */
    public AttachResponse execute(String operation, String... args) {
        List<String> list = Arrays.asList(args);
        byte[] request = protocol == AttachRequest.V2
                ? AttachRequest.v2(operation, v2Options, list)
                : AttachRequest.v1(operation, list);
        return roundTrip(describe(operation, args), request);
    }

    AttachResponse roundTrip(String what, byte[] request) {
        long deadline = System.nanoTime() + options.commandTimeout().toNanos();
        byte[] reply;
        try {
            reply = AttachSocket.exchange(socket, request, deadline);
        } catch (TimeoutException e) {
            throw new TargetException(TargetException.Reason.TIMED_OUT, "pid " + target.pid + ": " + what + " timed out after "
                    + AttachOptions.format(options.commandTimeout()));
        } catch (IOException e) {
            throw lost(what, e.getMessage());
        }
        return AttachResponse.parse(reply).orElseThrow(() -> lost(what, "the connection closed without a result code"));
    }

    private TargetException lost(String what, String detail) {
        // a killed target closes the socket while it exits: give it a moment before judging
        if (target.exitedWithin(300)) {
            return new TargetException(TargetException.Reason.EXITED, "pid " + target.pid + " exited during attach");
        }
        if (!Files.exists(socket)) {
            return new TargetException("pid " + target.pid + ": attach listener socket " + socket + " is gone");
        }
        return new TargetException("pid " + target.pid + ": " + what + " failed: " + detail);
    }

    private static String describe(String operation, String... args) {
        return operation.equals("jcmd") && args.length > 0 ? "jcmd '" + args[0] + "'" : operation;
    }

    @Override
    public void close() {
        // nothing held between operations
    }

    @Override
    public String toString() {
        return "JvmConnection[pid " + target.pid + ", " + socket + ", protocol v" + protocol + "]";
    }
}
