package dev.offheap.proc;

import dev.offheap.model.JvmProcess;
import dev.offheap.model.PerfCounters;
import dev.offheap.model.ProcessEnvironment;
import dev.offheap.model.ProcessStatus;
import dev.offheap.model.TargetException;
import dev.offheap.redact.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Describes the local JVMs without attaching to them: from hsperfdata (command, version, options, capabilities),
 * /proc/PID/status (RSS), cmdline and environ (for JVMs started with -XX:-UsePerfData, and JAVA_TOOL_OPTIONS).
 */
public final class JvmProcesses {
    // "-XX:NativeMemoryTracking=summary"
    private static final Pattern NMT = Pattern.compile("-XX:NativeMemoryTracking=(\\w+)");
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p",
            "--module-path", "--add-modules", "--add-opens", "--add-exports", "--add-reads", "--patch-module",
            "--limit-modules", "--upgrade-module-path");

    private JvmProcesses() {
    }

    /** The local JVMs, what is read of their command lines and environments as {@code redactor} leaves it. */
    public static List<JvmProcess> list(Redactor redactor) {
        List<JvmProcess> result = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (LocalJvm jvm : PerfDataFiles.localJvms()) {
            if (jvm.pid() != self) {
                describe(jvm, redactor).ifPresent(result::add);
            }
        }
        return result;
    }

    /** One JVM as {@link #list} describes it; empty when it exited while it was read. */
    public static Optional<JvmProcess> describe(LocalJvm jvm, Redactor redactor) {
        long pid = jvm.pid();
        try {
            ProcReader proc = new ProcReader(pid);
            ProcessStatus status = proc.status().value();
            PerfCounters counters = PerfDataFiles.counters(pid, redactor).orElse(null);
            List<String> cmdline = proc.cmdline(redactor);
            String env = environmentOptions(proc, redactor);
            String options = (counters == null ? String.join(" ", cmdline) : nullToEmpty(counters.text("java.rt.vmArgs"))) + " " + env;
            String main = counters != null && counters.text("sun.rt.javaCommand") != null
                    ? firstWord(counters.text("sun.rt.javaCommand")) : mainFromCommandLine(cmdline);
            String version = counters == null ? releaseVersion(pid) : counters.text("java.property.java.vm.version");
            return Optional.of(new JvmProcess(pid, owner(pid), main, version, status.vmRssBytes().isPresent()
                    ? status.vmRssBytes().getAsLong() : null, nmtMode(options), attach(pid, jvm.nspid(), counters, options)));
        } catch (TargetException e) {
            return Optional.empty(); // it exited while we looked
        }
    }

    static String nmtMode(String options) {
        String mode = "off";
        Matcher m = NMT.matcher(options);
        while (m.find()) {
            mode = m.group(1);
        }
        return mode;
    }

    private static String attach(long pid, long nspid, PerfCounters counters, String options) {
        if (Files.exists(Path.of("/proc/" + pid + "/root/tmp/.java_pid" + nspid))) {
            return "listening";
        }
        String capabilities = counters == null ? null : counters.text("sun.rt.jvmCapabilities");
        boolean disabled = capabilities != null && !capabilities.isEmpty() ? capabilities.charAt(0) == '0'
                : options.lastIndexOf("-XX:+DisableAttachMechanism") > options.lastIndexOf("-XX:-DisableAttachMechanism");
        return disabled ? "no: -XX:+DisableAttachMechanism" : "yes";
    }

    private static String environmentOptions(ProcReader proc, Redactor redactor) {
        try {
            ProcessEnvironment env = proc.environ(redactor).value();
            return String.join(" ", env.javaToolOptions().orElse(""), env.jdkJavaOptions().orElse(""),
                    env.underscoreJavaOptions().orElse(""));
        } catch (TargetException e) {
            return "";
        }
    }

    /** The main class or jar from a java command line: the first argument that is not an option. */
    static String mainFromCommandLine(List<String> args) {
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-jar") && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (OPTIONS_WITH_VALUE.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    /** JAVA_VERSION from the 'release' file of the JDK whose bin/java the process runs: "17.0.15". */
    private static String releaseVersion(long pid) {
        try {
            Path exe = Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe"));
            Path release = Path.of("/proc/" + pid + "/root" + exe.getParent().getParent().resolve("release"));
            for (String line : Files.readAllLines(release)) {
                // JAVA_VERSION="17.0.15"
                if (line.startsWith("JAVA_VERSION=")) {
                    return line.substring("JAVA_VERSION=".length()).replace("\"", "");
                }
            }
        } catch (IOException | RuntimeException e) {
            // no release file (a JRE image or a custom launcher): the version stays unknown
        }
        return null;
    }

    private static String owner(long pid) {
        try {
            return Files.getOwner(Path.of("/proc/" + pid)).getName();
        } catch (IOException e) {
            return null;
        }
    }

    private static String firstWord(String s) {
        int space = s.indexOf(' ');
        return space > 0 ? s.substring(0, space) : s;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
