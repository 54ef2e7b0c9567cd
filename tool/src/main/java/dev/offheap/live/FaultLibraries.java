package dev.offheap.live;

import dev.offheap.model.FaultRecording;
import dev.offheap.model.FaultStack;
import dev.offheap.model.LibraryName;
import dev.offheap.model.Mapping;
import dev.offheap.model.PerfCounters;
import dev.offheap.model.StackFrame;
import dev.offheap.proc.PerfDataFiles;
import dev.offheap.profile.ExtractedNames;
import dev.offheap.profile.UnsizedSymbols;
import dev.offheap.redact.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Names the native libraries of a growth profile as the live target shows them: frame names that are symbols without
 * a size ({@link UnsizedSymbols}: async-profiler's guess past a stripped library's last symbol); extracted copies by their origin
 * ({@link ExtractedNames}) from the target's class path (hsperfdata's java.class.path, read in the target's mount
 * namespace: jar listings only) and the packages whose {@code Java_} functions they export, with the path beside it.
 */
final class FaultLibraries {
    /** How to show each library (by file name), and the frame names that are symbols without a size ("lib`name"). */
    record Named(Map<String, LibraryName> names, Set<String> unsized) {
        Function<String, LibraryName> function() {
            return lib -> names.getOrDefault(lib, LibraryName.of(lib));
        }
    }

    private static final int MAX_JARS = 500;

    private FaultLibraries() {
    }

    static Named name(GrowthProfiler.Recorded rec) {
        Set<String> libraries = new TreeSet<>();
        Map<String, Set<String>> frameNames = new HashMap<>();
        Map<String, Set<String>> packages = new HashMap<>();
        for (FaultRecording r : rec.recordings()) {
            for (FaultStack s : r.stacks()) {
                for (StackFrame f : s.frames()) {
                    if (f.library() != null) {
                        libraries.add(f.library());
                        frameNames.computeIfAbsent(f.library(), k -> new HashSet<>()).add(f.name());
                        if (f.name().startsWith("Java_")) {
                            String pkg = jniPackage(f.name());
                            if (pkg != null) {
                                packages.computeIfAbsent(f.library(), k -> new LinkedHashSet<>()).add(pkg);
                            }
                        }
                    }
                }
            }
        }
        Set<String> unsized = UnsizedSymbols.find(rec.pid(), rec.maps(), frameNames);
        Map<String, LibraryName> names = new HashMap<>();
        List<String> resources = null;
        String arch = System.getProperty("os.arch");
        for (String lib : libraries) {
            String path = rec.maps().stream().filter(m -> m.path() != null && lib.equals(fileName(m.path())))
                    .map(m -> m.deleted() && !m.path().endsWith(" (deleted)") ? m.path() + " (deleted)" : m.path()).findFirst().orElse(null);
            if (ExtractedNames.looksExtracted(lib)) {
                if (resources == null) {
                    resources = nativeResources(rec.pid());
                }
                names.put(lib, ExtractedNames.name(lib, path, packages.getOrDefault(lib, Set.of()), resources, arch));
            } else {
                names.put(lib, new LibraryName(lib, lib, path, null));
            }
        }
        return new Named(names, unsized);
    }

    /**
     * "Java_com_sun_jna_Native_setMemory" → "com.sun.jna"; an overloaded method's "Java_org_rocksdb_WriteBatch_putJni__J_3BI"
     * → "org.rocksdb" (its signature follows "__": an underscore of a name is escaped as "_1"). Underscores in names
     * make a guess: the escapes are kept.
     */
    static String jniPackage(String symbol) {
        String name = symbol.substring("Java_".length());
        int signature = name.indexOf("__");
        String[] parts = (signature < 0 ? name : name.substring(0, signature)).split("_(?![0-9])");
        if (parts.length < 3) {
            return null;
        }
        return String.join(".", java.util.Arrays.copyOf(parts, parts.length - 2));
    }

    /** Native libraries packed in the jars of the target's class path, as resource names. */
    static List<String> nativeResources(long pid) {
        List<String> out = new ArrayList<>();
        // only jar listings are read from it (resource names, never the class path itself, go into the output)
        PerfCounters counters = PerfDataFiles.counters(pid, Redactor.standard()).orElse(null);
        String classPath = counters == null ? null : counters.text("java.property.java.class.path");
        if (classPath == null || classPath.isEmpty()) {
            return out;
        }
        int jars = 0;
        for (String entry : classPath.split(":")) {
            if (!entry.endsWith(".jar") || ++jars > MAX_JARS) {
                continue;
            }
            Path jar = Path.of("/proc/" + pid + (entry.startsWith("/") ? "/root" : "/cwd/") + entry);
            if (!Files.isRegularFile(jar)) {
                continue;
            }
            try (ZipFile z = new ZipFile(jar.toFile())) {
                for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                    String name = e.nextElement().getName();
                    if (name.endsWith(".so") || name.contains(".so.")) {
                        out.add(name);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not a readable jar: nothing named from it
            }
        }
        return out;
    }

    private static String fileName(String path) {
        String p = path.endsWith(" (deleted)") ? path.substring(0, path.length() - " (deleted)".length()) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
