package dev.offheap.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A watch of one JVM over time: what does not change (pid, version, flags, JVM arguments, limits, libraries, when
 * the JVM started) and the samples, oldest first. {@code finalFindings} are those of the full snapshot taken when the
 * watch ended (null when the watch was cut short before it); {@code notes} say what was not read and why.
 *
 * @param flags             HotSpot flag name → value (VM.flags)
 * @param jvmArguments      the JVM's arguments (VM.command_line jvm_args), for -D properties
 * @param containerLimitBytes the cgroup memory limit, null when none
 * @param nativeLibraries  file names of native libraries mapped from outside the JDK and the system folders
 * @param jemallocVersion   the version string of a jemalloc mapped into the target ("5.2.1-0-gea6b3e9…"), null if none
 * @param jvmStartedAtMillis when the JVM's process started (epoch ms), null when not known
 */
public record Recording(long pid, JvmVersion version, Map<String, String> flags, List<String> jvmArguments,
                        String nmtMode, Long containerLimitBytes, String jemallocVersion, List<String> nativeLibraries,
                        List<Sample> samples,
                        List<Finding> finalFindings, List<String> notes, Long jvmStartedAtMillis) {
    /** A recording that does not know when its JVM started. */
    public Recording(long pid, JvmVersion version, Map<String, String> flags, List<String> jvmArguments, String nmtMode,
                     Long containerLimitBytes, String jemallocVersion, List<String> nativeLibraries, List<Sample> samples,
                     List<Finding> finalFindings, List<String> notes) {
        this(pid, version, flags, jvmArguments, nmtMode, containerLimitBytes, jemallocVersion, nativeLibraries, samples,
                finalFindings, notes, null);
    }

    public Recording {
        flags = Map.copyOf(flags);
        jvmArguments = List.copyOf(jvmArguments);
        nativeLibraries = List.copyOf(nativeLibraries);
        samples = List.copyOf(samples);
        finalFindings = finalFindings == null ? null : List.copyOf(finalFindings);
        notes = List.copyOf(notes);
    }

    /** The flags as {@link JvmFlags}, for the typed getters. */
    public JvmFlags jvmFlags() {
        Map<String, JvmFlag> m = new LinkedHashMap<>();
        flags.forEach((k, v) -> m.put(k, new JvmFlag(k, null, v, null, null)));
        return new JvmFlags(m);
    }

    /** The value of a {@code -Dname=value} JVM argument, null when not given. */
    public String systemProperty(String name) {
        String prefix = "-D" + name + "=";
        String value = null;
        for (String a : jvmArguments) {
            if (a.startsWith(prefix)) {
                value = a.substring(prefix.length());
            }
        }
        return value;
    }

    public Recording withSamples(List<Sample> s, List<Finding> finals) {
        return new Recording(pid, version, flags, jvmArguments, nmtMode, containerLimitBytes, jemallocVersion, nativeLibraries, s,
                finals, notes, jvmStartedAtMillis);
    }
}
