package dev.offheap.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Decides which values of a target's configuration offheap keeps (DESIGN.md §6). The value of a key that looks
 * secret (an environment variable, a {@code -D} system property, a {@code -XX:} string flag, a program argument) is
 * replaced by {@link #MARK}, the key kept; credentials inside any other value (a URL's {@code user:password@}, a
 * {@code password=} parameter, an {@code Authorization:} header, a {@code --token abc} inside a command) too.
 * Applied where the values are read from the target (/proc, the attach socket, hsperfdata), once, for every output.
 * One redactor per command: it remembers the keys it redacted (never the values) for the collect folder's MANIFEST.
 */
public final class Redactor {
    public static final String MARK = "<redacted>";
    /** The key patterns of every redactor that is on: found anywhere in a key, case-insensitive ("apikey", "DB_PASSWORD"). */
    public static final String STANDARD_KEYS = "password|passwd|pwd|secret|token|key|credential|auth|session|cookie";

    /** The shell's working folders: their names hold "pwd" (print working directory), their values are paths. */
    private static final Set<String> SHELL_FOLDERS = Set.of("PWD", "OLDPWD");
    private static final Pattern STANDARD = Pattern.compile(STANDARD_KEYS, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private final boolean on;
    private final Pattern addedKeys;
    private final List<String> added;
    private final Set<String> redacted = new ConcurrentSkipListSet<>(String.CASE_INSENSITIVE_ORDER);

    private Redactor(boolean on, List<String> added) {
        this.on = on;
        this.added = List.copyOf(added);
        this.addedKeys = added.isEmpty() ? null
                : Pattern.compile("(?:" + String.join(")|(?:", added) + ")", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** Redacts keys matching {@link #STANDARD_KEYS}: what every command does unless told otherwise. */
    public static Redactor standard() {
        return new Redactor(true, List.of());
    }

    /** Keeps every value ({@code --no-redact}). */
    public static Redactor off() {
        return new Redactor(false, List.of());
    }

    /**
     * The standard keys and {@code patterns} (regular expressions, found anywhere in a key, case-insensitive).
     *
     * @throws IllegalArgumentException naming the first pattern that is not a regular expression
     */
    public static Redactor adding(List<String> patterns) {
        for (String p : patterns) {
            try {
                Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("not a regular expression: '" + p + "' (" + e.getDescription() + ")");
            }
        }
        return new Redactor(true, patterns);
    }

    public boolean on() {
        return on;
    }

    /** The patterns given besides the standard ones. */
    public List<String> addedPatterns() {
        return added;
    }

    /**
     * Whether a value under {@code key} is replaced: the key matches a pattern and the redactor is on. The shell's
     * {@code PWD} and {@code OLDPWD} are paths, not passwords: only a {@code --redact} pattern takes them.
     */
    public boolean secretKey(String key) {
        if (!on) {
            return false;
        }
        return STANDARD.matcher(key).find() && !SHELL_FOLDERS.contains(key) || addedKeys != null && addedKeys.matcher(key).find();
    }

    /**
     * The keys redacted so far, sorted, as the target wrote them or with where they were: {@code -Ddb.password},
     * {@code --api-key}, {@code environment DB_PASSWORD}, {@code -XX:OnError: Authorization header}.
     */
    public List<String> redactedKeys() {
        return new ArrayList<>(redacted);
    }

    /** One line saying what this redactor does, for a MANIFEST. */
    public String describe() {
        if (!on) {
            return "off (--no-redact): environment, command line, flags and hsperfdata hold every value as the JVM has it";
        }
        return "on: values of keys matching " + STANDARD_KEYS + (added.isEmpty() ? "" : " and --redact " + String.join(", ", added))
                + " (case-insensitive) except the shell's PWD and OLDPWD, and credentials inside values (a URL's"
                + " user:password@, an Oracle JDBC URL's user/password@, password= parameters, Authorization headers,"
                + " curl's -u user:password), are replaced by " + MARK + "; --no-redact keeps them";
    }

    /** {@code /proc/PID/environ}: NAME=value entries separated by NUL bytes (or newlines in a copy). */
    public byte[] environ(byte[] file) {
        return on ? ConfigFormats.environ(file, this) : file;
    }

    /** {@code /proc/PID/cmdline}: the arguments separated by NUL bytes. */
    public byte[] cmdline(byte[] file) {
        return on ? ConfigFormats.cmdline(file, this) : file;
    }

    /** The text of {@code jcmd PID VM.command_line}. */
    public String vmCommandLine(String text) {
        return on ? ConfigFormats.vmCommandLine(text, this) : text;
    }

    /** The text of {@code jcmd PID VM.flags} or {@code VM.flags -all}. */
    public String vmFlags(String text) {
        return on ? ConfigFormats.vmFlags(text, this) : text;
    }

    /** The text of {@code jcmd PID VM.system_properties} (java.util.Properties format). */
    public String systemProperties(String text) {
        return on ? ConfigFormats.systemProperties(text, this) : text;
    }

    /** A string counter of hsperfdata by its name: {@code sun.rt.javaCommand}, {@code java.rt.vmArgs}, {@code java.property.*}. */
    public String perfCounter(String name, String value) {
        return on ? ConfigFormats.perfCounter(name, value, this) : value;
    }

    /** Arguments of a command (argv): {@code -Dk=v}, {@code -XX:K=v}, {@code --k=v}, {@code --k v}, {@code k=v}, credentials inside any. */
    public List<String> arguments(List<String> args) {
        return on ? Arguments.redact(args, this) : args;
    }

    /** The value of {@code key} (the same object when nothing is redacted). */
    public String value(String key, String value) {
        return value(key, key, value);
    }

    /** {@code value} under {@code key}, remembered as {@code label} when redacted. */
    String value(String label, String key, String value) {
        if (!on || value.isEmpty()) {
            return value;
        }
        if (secretKey(key)) {
            redacted.add(label);
            return MARK;
        }
        return Credentials.scrub(value, label, this);
    }

    /** Free text, {@code context} naming where it is (null: nowhere in particular): the credentials inside. */
    String text(String text, String context) {
        return on ? Credentials.scrub(text, context, this) : text;
    }

    void remember(String label) {
        redacted.add(label);
    }
}
