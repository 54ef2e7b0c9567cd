package dev.offheap.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's version: {@code text} as the JVM names itself (java.vm.version, e.g. {@code 17.0.15+6-Debian-1deb12u1},
 * JDK 8: {@code 25.161-b12}), the feature release {@code major} (8, 11, 17, 25), {@code minor} (the interim number,
 * 0 since JDK 10), {@code update} (JDK 8: {@code _161}; JDK 9+: the third number) and {@code build} (text or null).
 * {@code vmName} and {@code vendor} are null where the source does not say.
 */
public record JvmVersion(String text, int major, int minor, int update, String build, String vmName, String vendor) {
    // "1.8.0_352-b08", "1.8.0_40-internal", "1.7.0_80"
    private static final Pattern LEGACY = Pattern.compile("1\\.(\\d+)\\.\\d+(?:_(\\d+))?(?:-(?:b(\\d+)|.*))?");
    // "8.0_161" as the second line of jcmd VM.version prints it on JDK 8
    private static final Pattern JCMD_LEGACY = Pattern.compile("(\\d+)\\.(\\d+)_(\\d+)");
    // "25.161-b12": HotSpot's own version on JDK 8 (HotSpot 25 = JDK 8, 24 = JDK 7); not JDK 25's "25.0.3+9"
    private static final Pattern HOTSPOT_LEGACY = Pattern.compile("(2[0-5])\\.(\\d+)-b(\\d+)");
    // "25.0.3+9-LTS", "17.0.15+6-Debian-1deb12u1", "11.0.14.1+1", "25-ea+3", "21"
    private static final Pattern MODERN = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:\\.\\d+)*(?:-[\\w.]+)?(?:\\+(\\d+))?.*");

    /** Reads a version string alone (java.vm.version, java.version, java.runtime.version). */
    public static JvmVersion parse(String version) {
        String v = version == null ? "" : version.trim();
        Matcher m = LEGACY.matcher(v);
        if (m.matches()) {
            return new JvmVersion(v, Integer.parseInt(m.group(1)), 0, intOrZero(m.group(2)),
                    m.group(3) == null ? null : "b" + m.group(3), null, null);
        }
        m = HOTSPOT_LEGACY.matcher(v);
        if (m.matches()) {
            return new JvmVersion(v, Integer.parseInt(m.group(1)) - 17, 0, Integer.parseInt(m.group(2)),
                    "b" + m.group(3), null, null);
        }
        m = JCMD_LEGACY.matcher(v);
        if (m.matches()) {
            return new JvmVersion(v, Integer.parseInt(m.group(1)), 0, Integer.parseInt(m.group(3)), null, null, null);
        }
        m = MODERN.matcher(v);
        if (m.matches()) {
            return new JvmVersion(v, Integer.parseInt(m.group(1)), intOrZero(m.group(2)), intOrZero(m.group(3)),
                    m.group(4), null, null);
        }
        throw new IllegalArgumentException("not a java version: \"" + v + "\"");
    }

    public JvmVersion withVmName(String name) {
        return new JvmVersion(text, major, minor, update, build, name, vendor);
    }

    public JvmVersion withVendor(String name) {
        return new JvmVersion(text, major, minor, update, build, vmName, name);
    }

    /** At least feature release {@code feature}, update {@code upd} (e.g. {@code atLeast(8, 152)}). */
    public boolean atLeast(int feature, int upd) {
        return major != feature ? major > feature : update >= upd;
    }

    private static int intOrZero(String s) {
        return s == null ? 0 : Integer.parseInt(s);
    }
}
