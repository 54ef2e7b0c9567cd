package dev.offheap.model;

import java.util.Arrays;
import java.util.List;

/**
 * How a JVM was started, from {@code jcmd PID VM.command_line}: {@code jvm_args}, {@code jvm_flags} (a flags file),
 * {@code java_command}, {@code java_class_path (initial)}, {@code Launcher Type}. Missing parts are null.
 */
public record JvmCommandLine(String jvmArgs, String jvmFlags, String javaCommand, String classPath, String launcherType) {

    /** jvm_args split at blanks (the JVM joins them with one blank, so an argument holding a blank is split too). */
    public List<String> jvmArgList() {
        return jvmArgs == null || jvmArgs.isBlank() ? List.of() : Arrays.asList(jvmArgs.trim().split(" +"));
    }

    /** The main class or {@code -jar} file: the first word of java_command. */
    public String mainClassOrJar() {
        if (javaCommand == null || javaCommand.isBlank()) {
            return null;
        }
        String c = javaCommand.trim();
        int blank = c.indexOf(' ');
        return blank < 0 ? c : c.substring(0, blank);
    }
}
