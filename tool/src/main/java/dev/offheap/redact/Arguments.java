package dev.offheap.redact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arguments of a command line, one by one: a keyed argument's value by its key, an option's separate value by
 * the option, credentials inside any other argument. A value is the rest of its argument ("-Dapi.token=a&b;c" loses
 * all of "a&b;c"), unlike a value found inside free text.
 */
final class Arguments {
    // "-Ddb.password=s3cret", "-XX:OnError=…", "--api-key=…", "-password=…", "password=…"
    private static final Pattern KEYED = Pattern.compile("(-D|-XX:|--|-)?([A-Za-z_][\\w.-]*)=(.*)", Pattern.DOTALL);
    // "--db-password", "-password": an option whose value may be the next argument ("-Dname" and "-Xname" are the
    // JVM's own options, which never take one)
    private static final Pattern OPTION = Pattern.compile("--[A-Za-z][\\w.-]*|-(?![DX])[A-Za-z][\\w.-]*");

    private Arguments() {
    }

    static List<String> redact(List<String> args, Redactor r) {
        List<String> out = new ArrayList<>(args.size());
        String option = null;
        String userOption = null;
        for (String a : args) {
            if (option != null && !a.isEmpty() && !a.startsWith("-")) {
                r.remember(option);
                out.add(Redactor.MARK);
                option = null;
                continue;
            }
            int colon = a.indexOf(':');
            if (userOption != null && colon > 0 && colon < a.length() - 1 && !a.startsWith("-")
                    && !a.substring(colon + 1).equals(Redactor.MARK)) {
                // "curl -u app:s3cret" as separate arguments: the user stays, the password goes
                r.remember(userOption + " password");
                out.add(a.substring(0, colon + 1) + Redactor.MARK);
                userOption = null;
                continue;
            }
            out.add(one(a, r));
            option = OPTION.matcher(a).matches() && r.secretKey(a.replaceFirst("^--?", "")) ? a : null;
            userOption = Credentials.USER_OPTION.matcher(a).matches() ? a : null;
        }
        return out.equals(args) ? args : out;
    }

    /**
     * A command line joined with blanks ({@code VM.command_line}'s jvm_args and java_command, hsperfdata's
     * java.rt.vmArgs): the JVM joins its arguments with one blank, so one holding blanks ("-XX:OnError=curl -H
     * 'Authorization: …'") is split too; a header spanning words is found on the whole line afterwards.
     */
    static String joined(String line, String context, Redactor r) {
        String[] words = line.split(" ", -1);
        List<String> redacted = redact(Arrays.asList(words), r);
        String rejoined = String.join(" ", redacted);
        String scrubbed = Credentials.headers(rejoined, context, r);
        return scrubbed.equals(line) ? line : scrubbed;
    }

    private static String one(String a, Redactor r) {
        Matcher m = KEYED.matcher(a);
        if (!m.matches()) {
            return r.text(a, "argument");
        }
        String prefix = m.group(1) == null ? "" : m.group(1);
        String value = m.group(3);
        if (prefix.equals("-XX:") && Credentials.PLAIN.matcher(value).matches()) {
            return a;
        }
        String redacted = r.value(prefix + m.group(2), m.group(2), value);
        return redacted.equals(value) ? a : a.substring(0, m.start(3)) + redacted;
    }
}
