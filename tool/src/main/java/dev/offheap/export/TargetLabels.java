package dev.offheap.export;

import dev.offheap.model.JvmProcess;
import dev.offheap.proc.ProcReader;
import dev.offheap.redact.Redactor;
import dev.offheap.model.CgroupPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labels every series of one JVM carries: {@code pid}, {@code main_class}, {@code container} (the pod or
 * container host name of a JVM in another UTS namespace, else a container id found in its cgroup, else empty) and
 * {@code jdk} (java.vm.version). Read once, when the JVM is first seen: none changes while it lives.
 */
public record TargetLabels(long pid, String mainClass, String container, String jdk) {
    /** Label names in the order {@link #values()} gives them. */
    public static final String[] NAMES = {"pid", "main_class", "container", "jdk"};
    // "0::/system.slice/docker-3f2a…e1.scope", "…/kubepods/burstable/pod…/cri-containerd-3f2a…e1.scope"
    private static final Pattern CONTAINER_ID = Pattern.compile("([0-9a-f]{64})");

    public String[] values() {
        return new String[] {Long.toString(pid), nullToEmpty(mainClass), nullToEmpty(container), nullToEmpty(jdk)};
    }

    static TargetLabels of(JvmProcess jvm) {
        return new TargetLabels(jvm.pid(), jvm.mainClass(), container(jvm.pid()), jvm.jdkVersion());
    }

    /** In Kubernetes a pod's host name is the pod's name, in Docker the short container id. */
    static String container(long pid) {
        ProcReader proc = new ProcReader(pid);
        try {
            if (!sameNamespace(pid, "uts")) {
                String host = proc.environ(Redactor.standard()).value().variables().get("HOSTNAME");
                if (host != null && !host.isEmpty()) {
                    return host;
                }
            }
            List<CgroupPath> groups = proc.cgroups().value();
            for (CgroupPath g : groups) {
                Matcher m = CONTAINER_ID.matcher(g.path());
                if (m.find()) {
                    return m.group(1).substring(0, 12);
                }
            }
        } catch (RuntimeException e) {
            // unreadable (another user's process, or it exited): no container label
        }
        return "";
    }

    private static boolean sameNamespace(long pid, String ns) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/" + ns))
                    .equals(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + ns)));
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
