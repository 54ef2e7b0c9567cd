package dev.offheap.cli;

import dev.offheap.model.InputException;
import dev.offheap.model.TargetException;
import dev.offheap.report.TerminalWriter;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code offheap} command. Every outcome is mapped to an exit code here and nowhere else:
 * 0 ran, 1 findings at or above {@code --fail-on}, 2 bad usage or unreadable input, 3 target not reachable,
 * 70 internal error (a bug: stack trace and a request to report it).
 */
@Command(name = "offheap",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 110,
        versionProvider = Version.class,
        description = {
            "Diagnoses JVM native (off-heap) memory: where every resident byte of a Java process is, what grows,",
            "which cause it is, the evidence and the fix.",
            "",
            "Start with '@|bold offheap ps|@' to find a JVM, then '@|bold offheap report PID|@'.",
            "'@|bold offheap demo|@' diagnoses a small leaking JVM shipped with offheap."},
        footer = {"", "Exit codes: 0 ran; 1 findings at or above --fail-on; 2 bad usage or unreadable input;",
            "3 target not reachable (no such process, not a JVM, attach refused, permission); 70 a bug in offheap.",
            "",
            "Environment (read by the ./offheap launcher):",
            "  OFFHEAP_HEAP_MAX    offheap's own Java heap, as -Xmx (default 256m; a 4 GB heap dump fits). Running out",
            "                      of it is a one-line error (exit 2) that says to raise it.",
            "  OFFHEAP_NATIVE_MAX  native memory for a heap dump's reachability index (default 4g).",
            "  OFFHEAP_JAVA        the java that runs offheap (default: java on PATH).",
            "  OFFHEAP_JAVA_OPTS   more options for offheap's own JVM.",
            "",
            "Example:",
            "  offheap report 4242"})
public final class Main implements Runnable {
    /**
     * The subcommands, in the order help lists them. Building a command's model reflects over its class (picocli
     * takes ~100 ms for all of them on a cold JVM), so a command line that names one builds only that one.
     */
    private static final List<Class<?>> COMMANDS = List.of(PsCommand.class, ReportCommand.class, WatchCommand.class,
            ProfileCommand.class,
            HeapCommand.class, CollectCommand.class, AnalyzeCommand.class, RunCommand.class, ExportCommand.class, DemoCommand.class,
            CommandLine.HelpCommand.class);

    public static final int EXIT_OK = 0;
    public static final int EXIT_FINDINGS = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_TARGET = 3;
    public static final int EXIT_BUG = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs {@code offheap args} with the given streams and returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter rawOut, PrintWriter rawErr) {
        // what a target names (threads, classes, paths) is printed: no escape sequence of theirs reaches the terminal
        PrintWriter out = new TerminalWriter(rawOut, true);
        PrintWriter err = new TerminalWriter(rawErr, true);
        CommandLine cl = commandLine(commandsFor(args));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failure(ex, commandLine, parseResult.hasMatchedOption("--verbose") || verboseRequested(parseResult)));
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            code = outOfMemory(e, commandsFor(args).size() == 1 ? "offheap " + args[0] + ": " : "offheap: ", err);
            if (List.of(args).contains("--verbose") || List.of(args).contains("-v")) {
                e.printStackTrace(err);
            }
        }
        out.flush();
        err.flush();
        return code;
    }

    /** The command line with these subcommands, as {@link #run} executes it (tests parse examples with all of them). */
    static CommandLine commandLine(List<Class<?>> commands) {
        CommandLine cl = new CommandLine(new Main());
        // help without ANSI styles: the writers above would show them as text
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        for (Class<?> command : commands) {
            cl.addSubcommand(command);
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        CommandLine help = cl.getSubcommands().get("help");
        if (help != null) {
            // picocli's own help command: every command's help ends with an example, this one's too
            help.getCommandSpec().usageMessage().footer("", "Example:", "  offheap help watch");
        }
        return cl;
    }

    /** Every subcommand, in the order help lists them. */
    static List<Class<?>> commands() {
        return COMMANDS;
    }

    /** Only the named command when the first argument names one, else all (for help and suggestions). */
    private static List<Class<?>> commandsFor(String[] args) {
        if (args.length > 0) {
            for (Class<?> c : COMMANDS) {
                Command command = c.getAnnotation(Command.class);
                if (command != null && command.name().equals(args[0]) && c != CommandLine.HelpCommand.class) {
                    return List.of(c);
                }
            }
        }
        return COMMANDS;
    }

    private static boolean verboseRequested(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandName().equals("offheap") ? "offheap: " + lower(ex.getMessage())
                : "offheap " + cl.getCommandName() + ": " + lower(ex.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("try 'offheap " + (cl.getCommandName().equals("offheap") ? "" : cl.getCommandName() + " ") + "--help'");
        return EXIT_USAGE;
    }

    private static int failure(Exception ex, CommandLine cl, boolean verbose) {
        PrintWriter err = cl.getErr();
        String prefix = cl.getCommandName().equals("offheap") ? "offheap: " : "offheap " + cl.getCommandName() + ": ";
        int code;
        if (ex instanceof UsageException) {
            code = EXIT_USAGE;
        } else if (ex instanceof InputException) {
            code = EXIT_USAGE;
        } else if (ex instanceof TargetException) {
            code = EXIT_TARGET;
        } else {
            err.println(prefix + "internal error: " + ex);
            ex.printStackTrace(err);
            err.println("this is a bug in offheap; please report it with the output above");
            return EXIT_BUG;
        }
        err.println(prefix + ex.getMessage());
        if (verbose) {
            ex.printStackTrace(err);
        }
        return code;
    }

    /**
     * offheap's own heap is bounded by the launcher (OFFHEAP_HEAP_MAX): running out of it is a limit of this run on
     * this input, said in one line with what to raise, not a stack trace. The heap is freed by the time this runs
     * (the command's objects are unreachable), so printing is safe.
     */
    private static int outOfMemory(OutOfMemoryError e, String prefix, PrintWriter err) {
        long max = Runtime.getRuntime().maxMemory();
        err.println(prefix + "out of memory (" + e.getMessage() + ") with a Java heap of " + (max >> 20)
                + " MiB: the input is too large for the bound; run again with a larger one, e.g. OFFHEAP_HEAP_MAX=1g"
                + " (and OFFHEAP_NATIVE_MAX for a heap dump's index)");
        return EXIT_USAGE;
    }

    private static String lower(String message) {
        if (message == null || message.isEmpty()) {
            return "bad usage";
        }
        return Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
}
