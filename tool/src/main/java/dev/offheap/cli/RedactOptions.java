package dev.offheap.cli;

import dev.offheap.redact.Redactor;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --redact REGEX} and {@code --no-redact}, for the commands that write or print what a target's
 * configuration holds (DESIGN.md §6): one {@link Redactor} for the command, applied where the values are read.
 */
public final class RedactOptions {
    @Option(names = "--redact", paramLabel = "REGEX", description = {"Also redact the values of keys matching REGEX"
        + " (case-insensitive, anywhere in the key; repeatable). Values of keys matching " + Redactor.STANDARD_KEYS
        + " (not the shell's PWD and OLDPWD), and credentials inside values (a URL's user:password@, an Oracle JDBC"
        + " URL's user/password@, password= parameters, Authorization headers, curl's -u user:password),"
        + " are always replaced by " + Redactor.MARK + " in environments, -D properties, -XX string flags and program"
        + " arguments."})
    List<String> patterns = new ArrayList<>();

    @Option(names = "--no-redact", description = "Keep every value of the target's environment, properties, flags and arguments.")
    boolean off;

    private Redactor redactor;

    /** The command's redactor (the same one each call: it remembers the keys it redacted). */
    Redactor redactor() {
        if (redactor == null) {
            if (off && !patterns.isEmpty()) {
                throw new UsageException("--no-redact and --redact exclude each other");
            }
            try {
                redactor = off ? Redactor.off() : Redactor.adding(patterns);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--redact: " + e.getMessage());
            }
        }
        return redactor;
    }
}
