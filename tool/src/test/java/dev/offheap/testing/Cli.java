package dev.offheap.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.offheap.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the offheap command line in this JVM and captures what it prints, or gives the command for a JVM of its own. */
public final class Cli {
    private Cli() {
    }

    /** Exit code and the text of stdout and stderr. */
    public record Result(int exitCode, String out, String err) {
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("stdout is not JSON: " + out, e);
            }
        }
    }

    public static Result run(Object... args) {
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = String.valueOf(args[i]);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(a, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * The command that runs offheap in a JVM of its own (JDK 17, this test run's class path), with SIGINT at its
     * default as under a terminal: a non-interactive shell that starts a job in the background
     * ({@code nohup ./run-tests &}) has SIGINT ignored, its children inherit that, and a JVM leaves an ignored SIGINT
     * ignored, so a test sending SIGINT would wait in vain.
     */
    public static List<String> command(String... jvmOptions) {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/env"))) {
            cmd.addAll(List.of("/usr/bin/env", "--default-signal=INT"));
        }
        cmd.add(Jdk.JDK17.java().toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return cmd;
    }
}
