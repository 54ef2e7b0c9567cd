package dev.offheap.profile;

import dev.offheap.model.LibraryName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names a JNI library extracted from a jar by where it came from. Loaders copy the library out with
 * {@code File.createTempFile(prefix, suffix)}, whose name is the prefix, 1 to 20 random digits and the suffix
 * (netty {@code libnetty_tcnative_linux_x86_64} + digits + {@code .so}, zstd-jni {@code libzstd-jni-1.5.7-6} + digits
 * + {@code .so}, JNA {@code jna} + digits + {@code .tmp}); a prefix that ends in a digit makes "strip the digits"
 * ambiguous. So, strongest first: a native resource of the class path whose name, with digits inserted before its
 * extension, is the file's name; the one native resource of this platform under the package of the library's JNI
 * classes; the one native resource of this platform whose name starts with the copy's prefix (RocksDB copies
 * {@code librocksdbjni-linux64.so} as {@code librocksdbjni} + digits + {@code .so}); else the name with its random
 * digits shown as '*', marked as a guess.
 */
public final class ExtractedNames {
    // "jna6961768071334614742.tmp", "libzstd-jni-1.5.7-611053504353403609070.so": a long run of digits before the suffix
    private static final Pattern EXTRACTED = Pattern.compile("^(.*?)(\\d{15,})((?:\\.[A-Za-z0-9]+)?)$");
    // "linux64": RocksDB's name for Linux on x86-64 (librocksdbjni-linux64.so beside librocksdbjni-linux-aarch64.so)
    private static final List<String> ARCH_X64 = List.of("x86-64", "x86_64", "amd64", "x64", "linux64");
    private static final List<String> ARCH_ARM64 = List.of("aarch64", "arm64");

    private ExtractedNames() {
    }

    /** Whether a mapped file's name looks like an extracted copy (a long run of random digits before its suffix). */
    public static boolean looksExtracted(String file) {
        return EXTRACTED.matcher(file).matches();
    }

    /**
     * @param file        the mapped file's name ("jna6961768071334614742.tmp")
     * @param path        its path in the target, as in /proc/PID/maps (may be null)
     * @param jniPackages the packages of the Java classes whose {@code Java_} functions it exports
     * @param resources   the native resources of the target's class path ("com/sun/jna/linux-x86-64/libjnidispatch.so")
     * @param arch        the machine ({@code os.arch}: "amd64", "aarch64")
     */
    public static LibraryName name(String file, String path, Set<String> jniPackages, List<String> resources, String arch) {
        Matcher m = EXTRACTED.matcher(file);
        if (!m.matches()) {
            return new LibraryName(file, file, path, null);
        }
        String best = null;
        for (String r : resources) {
            String base = r.substring(r.lastIndexOf('/') + 1);
            int dot = base.lastIndexOf('.');
            String stem = dot < 0 ? base : base.substring(0, dot);
            String ext = dot < 0 ? "" : base.substring(dot);
            if (file.matches(Pattern.quote(stem) + "\\d{1,20}" + Pattern.quote(ext)) && (best == null || better(r, best, arch))) {
                best = r;
            }
        }
        if (best != null) {
            return new LibraryName(best.substring(best.lastIndexOf('/') + 1), file, path,
                    "extracted from the class path resource " + best);
        }
        for (String pkg : jniPackages) {
            List<String> here = new ArrayList<>();
            for (String r : resources) {
                if (r.startsWith(pkg.replace('.', '/') + "/") && forThisMachine(r, arch)) {
                    here.add(r);
                }
            }
            if (here.size() == 1) {
                String r = here.get(0);
                return new LibraryName(r.substring(r.lastIndexOf('/') + 1), file, path,
                        "the JNI library of " + pkg + ", extracted from the class path resource " + r);
            }
        }
        String prefix = m.group(1);
        List<String> byPrefix = new ArrayList<>();
        for (String r : resources) {
            String base = r.substring(r.lastIndexOf('/') + 1);
            if (prefix.length() >= 3 && base.startsWith(prefix) && forThisMachine(r, arch)) {
                byPrefix.add(r);
            }
        }
        if (byPrefix.size() == 1) {
            String r = byPrefix.get(0);
            return new LibraryName(r.substring(r.lastIndexOf('/') + 1), file, path,
                    "extracted from the class path resource " + r + " (the one of this machine named " + prefix + "…)");
        }
        String digits = m.group(2);
        int keep = Math.max(0, digits.length() - 19);
        String guess = m.group(1) + digits.substring(0, keep) + "*" + m.group(3);
        String of = jniPackages.isEmpty() ? "" : "; its JNI functions are those of " + String.join(", ", jniPackages);
        return new LibraryName(guess, file, path, "an extracted copy (random digits shown as *: a guess)" + of);
    }

    /** The resource for this machine first (jars carry one per platform under one name), then the longer name. */
    private static boolean better(String r, String best, String arch) {
        boolean here = forThisMachine(r, arch);
        if (here != forThisMachine(best, arch)) {
            return here;
        }
        return r.substring(r.lastIndexOf('/') + 1).length() > best.substring(best.lastIndexOf('/') + 1).length();
    }

    /** A resource built for Linux on this machine's architecture, by the words of its path. */
    static boolean forThisMachine(String resource, String arch) {
        String r = resource.toLowerCase(Locale.ROOT);
        List<String> archWords = arch.equals("aarch64") || arch.equals("arm64") ? ARCH_ARM64 : ARCH_X64;
        return r.contains("linux") && !r.contains("musl") && archWords.stream().anyMatch(r::contains)
                && (r.endsWith(".so") || r.contains(".so."));
    }
}
