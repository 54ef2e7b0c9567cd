package dev.offheap.fuzz;

import static dev.offheap.fuzz.ProcFilesFuzzTest.text;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.offheap.model.InputException;
import dev.offheap.parse.jcmd.VmFlagsParser;
import dev.offheap.parse.proc.CmdlineParser;
import dev.offheap.parse.proc.EnvironParser;
import dev.offheap.redact.Redactor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The redactor, fuzzed with arbitrary keys and values, NUL-separated environments and command lines, and the jcmd
 * answers it rewrites. Whatever the bytes, it returns (never throws, never hangs), a secret key's
 * value is gone, every key stays where it was, redacting again changes nothing, and off it changes nothing at all.
 */
class RedactionFuzzTest {
    /** A key, a NUL, its value (a key without a NUL has an empty value). */
    @FuzzTest(maxDuration = "60s")
    void keysAndValues(byte[] data) {
        String t = text(data);
        int nul = t.indexOf('\0');
        String key = nul < 0 ? t : t.substring(0, nul);
        String value = nul < 0 ? "" : t.substring(nul + 1);
        Redactor r = Redactor.standard();
        String redacted = r.value(key, value);
        if (r.secretKey(key) && !value.isEmpty()) {
            check(redacted.equals(Redactor.MARK), "the value of secret key '" + key + "' was kept: " + redacted);
        }
        check(r.value(key, redacted).equals(redacted), "redacting again changed " + redacted);
        List<String> args = List.of("-D" + key + "=" + value, "--" + key, value);
        List<String> redactedArgs = r.arguments(args);
        check(redactedArgs.size() == args.size(), "arguments lost: " + redactedArgs);
        check(r.arguments(redactedArgs).equals(redactedArgs), "redacting the arguments again changed " + redactedArgs);
        check(Redactor.off().value(key, value) == value, "off changed a value");
    }

    /** An environment or a command line as /proc shows them: entries separated by NUL bytes. */
    @FuzzTest(maxDuration = "60s")
    void environments(byte[] data) {
        Redactor r = Redactor.standard();
        byte[] environ = r.environ(data);
        check(Arrays.equals(r.environ(environ), environ), "redacting the environment again changed it");
        Map<String, String> before = EnvironParser.parse(data, "environ").value().variables();
        Map<String, String> after = EnvironParser.parse(environ, "environ").value().variables();
        check(after.keySet().stream().toList().equals(before.keySet().stream().toList()), "keys changed: " + before.keySet()
                + " -> " + after.keySet());
        before.forEach((k, v) -> {
            if (r.secretKey(k) && !v.isEmpty()) {
                check(after.get(k).equals(Redactor.MARK), "the value of " + k + " was kept");
            }
        });
        byte[] cmdline = r.cmdline(data);
        check(Arrays.equals(r.cmdline(cmdline), cmdline), "redacting the command line again changed it");
        check(CmdlineParser.parse(cmdline).size() == CmdlineParser.parse(data).size(), "arguments lost");
        check(Redactor.off().environ(data) == data && Redactor.off().cmdline(data) == data, "off changed the bytes");
    }

    /**
     * VM.command_line, VM.flags and VM.system_properties (hsperfdata's strings are fuzzed with its reader). Their first
     * 8 KB: each is redacted line by line, so a longer input only repeats what shorter ones do, at a cost that kept the
     * fuzzer near one input a second.
     */
    @FuzzTest(maxDuration = "60s")
    void jcmdAnswers(byte[] data) {
        String t = text(data.length > 8192 ? Arrays.copyOf(data, 8192) : data);
        Redactor r = Redactor.standard();
        String commandLine = r.vmCommandLine(t);
        String flags = r.vmFlags(t);
        String properties = r.systemProperties(t);
        for (String redacted : List.of(commandLine, flags, properties)) {
            check(lines(redacted) == lines(t), "lines added or lost");
        }
        check(r.vmCommandLine(commandLine).equals(commandLine), "redacting VM.command_line again changed it");
        check(r.vmFlags(flags).equals(flags), "redacting VM.flags again changed it");
        check(r.systemProperties(properties).equals(properties), "redacting the properties again changed them");
        Untrusted.read(() -> {
            try {
                var before = VmFlagsParser.parse(t, "vm-flags.txt").value().flags().keySet();
                var after = VmFlagsParser.parse(flags, "vm-flags.txt").value().flags().keySet();
                check(before.equals(after), "flags changed: " + before + " -> " + after);
            } catch (InputException e) {
                // not VM.flags output: then the redacted text is not either
                Untrusted.read(() -> VmFlagsParser.parse(flags, "vm-flags.txt"));
            }
        });
    }

    private static long lines(String s) {
        return s.chars().filter(c -> c == '\n').count();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
