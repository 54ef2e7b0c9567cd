package dev.offheap.parse.logs;

import dev.offheap.model.HsErrReport;
import dev.offheap.model.InputException;
import dev.offheap.model.JvmCommandLine;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.JvmVersion;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.NmtReport;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.parse.TextInput;
import dev.offheap.parse.jcmd.VmCommandLineParser;
import dev.offheap.parse.jcmd.VmFlagsParser;
import dev.offheap.parse.nmt.NmtParser;
import dev.offheap.parse.proc.SmapsParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a HotSpot fatal error log, {@code hs_err_pid<pid>.log} (JDK 8 to 25; written on a crash, or with
 * {@code -XX:+CrashOnOutOfMemoryError}, to {@code -XX:ErrorFile}): the error lines, version, "VM Arguments:",
 * "[Global flags]" (JDK 11+), "Dynamic libraries:" (the /proc/PID/maps of the moment), "Native Memory Tracking:"
 * (when NMT was on), "Heap:", "Resident Set Size:" and "Memory: 4k page, physical …". Each section goes to the
 * parser of its format; a section that cannot be read becomes a warning.
 */
public final class HsErrParser {
    private static final String BANNER = "# A fatal error has been detected by the Java Runtime Environment:";
    // "# There is insufficient memory for the Java Runtime Environment to continue."
    // "# Native memory allocation (mmap) failed to map 65536 bytes for committing reserved memory."
    // "# Native memory allocation (malloc) failed to allocate 1048576 bytes for AllocateHeap"
    private static final Pattern NATIVE_OOM = Pattern.compile(
            "# Native memory allocation \\((\\w+)\\) failed to (?:map|allocate) (\\d{1,18}) bytes(?: for (.*?))?\\.?\\s*");
    // "# JRE version: OpenJDK Runtime Environment (17.0.15+6) (build 17.0.15+6-Debian-1deb12u1)"
    // "# JRE version: Java(TM) SE Runtime Environment (8.0_161-b12) (build 1.8.0_161-b12)"
    private static final Pattern JRE = Pattern.compile("# JRE version: .*?\\(([^()]+)\\) \\(build ([^()]+)\\)\\s*");
    // "# Java VM: OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1, mixed mode, sharing, …)"
    private static final Pattern VM = Pattern.compile("# Java VM: (.*?) \\(([^,()]+)[,)].*");
    // "#  Internal Error (debug.cpp:362), pid=16258, tid=16259", "#  SIGSEGV (0xb) at pc=0x…, pid=4242, tid=4243"
    private static final Pattern PID = Pattern.compile("pid=(\\d{1,18})(?!\\d)");
    // "Resident Set Size: 98232K (peak: 98232K) (anon: 66904K, file: 31328K, shmem: 0K)"
    private static final Pattern RSS = Pattern.compile("Resident Set Size: (\\d{1,15})K(?: \\(peak: (\\d{1,15})K\\))?.*");
    // "Memory: 4k page, physical 24684092k(17023572k free), swap 0k(0k free)"
    private static final Pattern PHYSICAL = Pattern.compile("Memory: \\d+k page, physical (\\d{1,15})k.*");
    // "7f1c87787000-7f1c87789000 rw-p 00033000 fe:00 338944     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
    private static final Pattern MAPS_LINE = Pattern.compile("[0-9a-f]+-[0-9a-f]+ [-r][-w][-x][ps-] .*");

    private final String source;
    private final List<ParseWarning> warnings = new ArrayList<>();

    private HsErrParser(String source) {
        this.source = source;
    }

    public static Parsed<HsErrReport> parse(Path file) {
        return parse(TextInput.read(file), TextInput.sourceName(file));
    }

    /** True when the text starts like an hs_err log. */
    public static boolean sniff(String head) {
        return head.stripLeading().startsWith("#") && head.contains(BANNER);
    }

    public static Parsed<HsErrReport> parse(String text, String source) {
        if (text.isBlank()) {
            throw new InputException(source + ": empty file, expected an hs_err_pid*.log");
        }
        if (!sniff(text.substring(0, Math.min(text.length(), 4096)))) {
            throw new InputException(source + ":1: expected '" + BANNER + "' (an hs_err_pid*.log), found: "
                    + TextInput.quote(firstLine(text)));
        }
        return new HsErrParser(source).run(text);
    }

    private Parsed<HsErrReport> run(String text) {
        String[] lines = text.split("\r?\n", -1);
        List<String> error = new ArrayList<>();
        long pid = 0;
        String jre = null;
        String vmName = null;
        String vmVersion = null;
        Long failedBytes = null;
        String failedKind = null;
        String failedFor = null;
        Long rss = null;
        Long peak = null;
        Long physical = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher m;
            if (line.startsWith("#") && !line.equals("#") && !line.equals(BANNER) && !line.startsWith("# JRE version")
                    && !line.startsWith("# Java VM") && !line.toLowerCase(java.util.Locale.ROOT).contains("core")
                    && !line.contains("://") && i < 40 && error.size() < 12) {
                error.add(line.substring(1).strip());
            }
            if (pid == 0 && (m = PID.matcher(line)).find() && line.startsWith("#")) {
                pid = Long.parseLong(m.group(1));
            }
            if ((m = NATIVE_OOM.matcher(line)).matches()) {
                failedKind = m.group(1);
                failedBytes = Long.parseLong(m.group(2));
                failedFor = m.group(3);
            } else if ((m = JRE.matcher(line)).matches()) {
                jre = m.group(2);
            } else if ((m = VM.matcher(line)).matches()) {
                vmName = m.group(1);
                vmVersion = m.group(2).strip();
            } else if ((m = RSS.matcher(line)).matches()) {
                rss = Long.parseLong(m.group(1)) << 10;
                peak = m.group(2) == null ? null : Long.parseLong(m.group(2)) << 10;
            } else if ((m = PHYSICAL.matcher(line)).matches()) {
                physical = Long.parseLong(m.group(1)) << 10;
            }
        }
        if (lines.length > 0 && !text.endsWith("\n")) {
            warnings.add(new ParseWarning(source, lines.length, "file ends inside a line (truncated copy?)"));
        }
        JvmVersion version = version(jre, vmName, vmVersion);
        JvmCommandLine commandLine = section(lines, "VM Arguments:", l -> !l.isBlank(), 0, VmCommandLineParser::parse);
        JvmFlags flags = section(lines, "[Global flags]", l -> !l.isBlank(), 0, VmFlagsParser::parse);
        MemoryMap map = section(lines, "Dynamic libraries:", l -> MAPS_LINE.matcher(l).matches(), 1, SmapsParser::parse);
        NmtReport nmt = section(lines, "Native Memory Tracking:", HsErrParser::insideNmt, 0, NmtParser::parse);
        List<String> heap = heapLines(lines);
        return new Parsed<>(new HsErrReport(error, pid, version, commandLine, flags, map, nmt, heap, rss, peak, physical,
                failedBytes, failedKind, failedFor), warnings);
    }

    /** The NMT summary runs until HotSpot's own lines after it or the next section. */
    private static boolean insideNmt(String line) {
        return !line.startsWith("Preinit state") && !line.startsWith("Periodic native trim") && !line.startsWith("-----")
                && !line.startsWith("pre-init mallocs");
    }

    private JvmVersion version(String jre, String vmName, String vmVersion) {
        if (vmVersion == null) {
            warnings.add(new ParseWarning(source, 0, "no '# Java VM:' line: JVM version unknown"));
            return null;
        }
        try {
            JvmVersion vm = JvmVersion.parse(vmVersion);
            JvmVersion release = jre == null ? vm : JvmVersion.parse(jre);
            return new JvmVersion(vmVersion, release.major(), release.minor(), release.update(), vm.build(), vmName, null);
        } catch (IllegalArgumentException e) {
            warnings.add(new ParseWarning(source, 0, "JVM version not understood: " + e.getMessage()));
            return null;
        }
    }

    /**
     * The lines from the one equal to {@code header} (included when {@code skip} is 0) while {@code inside} holds,
     * read by {@code parser}; null when the header is absent or the section cannot be read (a warning says why).
     */
    private <T> T section(String[] lines, String header, java.util.function.Predicate<String> inside, int skip,
                          BiFunction<String, String, Parsed<T>> parser) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().equals(header)) {
                StringBuilder sb = new StringBuilder();
                int j = i + skip;
                if (skip == 0) {
                    sb.append(lines[j++]).append('\n');
                }
                // a blank line may follow the header (NMT) but ends the other sections
                while (j < lines.length && (inside.test(lines[j]) || lines[j].isBlank() && header.startsWith("Native"))) {
                    sb.append(lines[j++]).append('\n');
                }
                String name = source + ":" + (i + 1) + " (" + header + ")";
                try {
                    Parsed<T> p = parser.apply(sb.toString(), name);
                    warnings.addAll(p.warnings());
                    return p.value();
                } catch (InputException e) {
                    warnings.add(new ParseWarning(source, i + 1, "section '" + header + "' not read: " + e.getMessage()));
                    return null;
                }
            }
        }
        return null;
    }

    private static List<String> heapLines(String[] lines) {
        List<String> heap = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals("Heap:")) {
                for (int j = i + 1; j < lines.length && !lines[j].isBlank() && heap.size() < 12; j++) {
                    heap.add(lines[j].strip());
                }
                break;
            }
        }
        return heap;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
