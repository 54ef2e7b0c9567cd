package dev.offheap.parse.jcmd;

import dev.offheap.model.InputException;
import dev.offheap.model.JvmVersion;
import dev.offheap.model.Parsed;
import dev.offheap.parse.Lines;
import dev.offheap.parse.TextInput;
import java.nio.file.Path;

/**
 * Reads {@code jcmd PID VM.version}: the VM line and, on HotSpot, the JDK line. On JDK 8 the VM line carries
 * HotSpot's own number (25.161-b12) and only the JDK line (JDK 8.0_161) gives the release.
 */
public final class VmVersionParser {
    private static final String VERSION = " version ";

    private VmVersionParser() {
    }

    public static Parsed<JvmVersion> parse(Path file) {
        return parse(TextInput.read(file), TextInput.sourceName(file));
    }

    public static Parsed<JvmVersion> parse(String text, String source) {
        Lines lines = new Lines(text);
        lines.skipJcmdPidLine();
        String vmName = null;
        String vmVersion = null;
        String jdk = null;
        while (lines.next()) {
            String line = lines.line().trim();
            // "OpenJDK 64-Bit Server VM version 17.0.15+6-Debian-1deb12u1"
            int v = line.indexOf(VERSION);
            if (vmVersion == null && v > 0 && line.contains("VM")) {
                vmName = line.substring(0, v);
                vmVersion = line.substring(v + VERSION.length()).trim();
            } else if (line.startsWith("JDK ")) {
                // "JDK 17.0.15", "JDK 8.0_161"
                jdk = line.substring(4).trim();
            } else if (vmVersion == null && !line.isEmpty()) {
                throw new InputException(source + ":" + lines.number() + ": expected '<VM name> version <version>', found: "
                        + TextInput.quote(line));
            }
        }
        if (vmVersion == null) {
            throw new InputException(source + ": no '<VM name> version <version>' line, expected 'VM.version' output");
        }
        try {
            JvmVersion fromVm = JvmVersion.parse(vmVersion);
            JvmVersion release = jdk == null ? fromVm : JvmVersion.parse(jdk);
            return Parsed.of(new JvmVersion(vmVersion, release.major(), release.minor(), release.update(),
                    fromVm.build(), vmName, null));
        } catch (IllegalArgumentException e) {
            throw new InputException(source + ": " + e.getMessage());
        }
    }
}
