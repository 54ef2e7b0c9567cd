package dev.offheap.parse.proc;

import dev.offheap.model.JvmCommandLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code java} launcher's arguments as a process shows them ({@code /proc/PID/cmdline}, the first line of
 * {@code pmap}), split into what {@code VM.command_line} would print: the JVM's options, the class path and the
 * main class or jar with its arguments. Options given through JAVA_TOOL_OPTIONS or an @argfiles are not in them.
 */
public final class JavaCommand {
    /** Launcher options whose value is the next argument ("-cp offheap.jar"). */
    private static final Set<String> WITH_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path",
            "--upgrade-module-path", "--add-modules", "--limit-modules", "--add-reads", "--add-exports", "--add-opens",
            "--patch-module", "--enable-native-access", "--source");
    private static final Set<String> CLASS_PATH = Set.of("-cp", "-classpath", "--class-path");

    private JavaCommand() {
    }

    /** Null when the first argument is not a {@code java} launcher. */
    public static JvmCommandLine of(List<String> args) {
        if (args.isEmpty() || !isJava(args.get(0))) {
            return null;
        }
        List<String> jvmArgs = new ArrayList<>();
        String classPath = null;
        int i = 1;
        while (i < args.size()) {
            String a = args.get(i);
            if (a.equals("-jar") || a.equals("-m") || a.equals("--module")) {
                i++;
                break;
            }
            if (!a.startsWith("-")) {
                break;
            }
            if (WITH_VALUE.contains(a) && i + 1 < args.size()) {
                if (CLASS_PATH.contains(a)) {
                    classPath = args.get(i + 1);
                } else {
                    jvmArgs.add(a + " " + args.get(i + 1));
                }
                i += 2;
                continue;
            }
            jvmArgs.add(a);
            i++;
        }
        // VM.command_line's java_command: the main class (or the jar after -jar, the module after -m) and its arguments
        List<String> rest = args.subList(Math.min(i, args.size()), args.size());
        String command = rest.isEmpty() ? null : String.join(" ", rest);
        return new JvmCommandLine(String.join(" ", jvmArgs), null, command, classPath, null);
    }

    private static boolean isJava(String program) {
        String base = program.substring(program.lastIndexOf('/') + 1);
        return base.equals("java") || base.equals("javaw");
    }
}
