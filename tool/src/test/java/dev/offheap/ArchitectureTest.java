package dev.offheap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the pipeline's arrows pointing one way (DESIGN.md §2) by scanning the imports of the main sources. */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/dev/offheap");
    // "import dev.offheap.model.Finding;" / "import static dev.offheap.report.Sizes.format;"
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);

    /** The floors (DESIGN.md §2): what each top-level package may import besides itself. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("model", Set.of()),
            Map.entry("files", Set.of()),
            Map.entry("agent", Set.of()),
            // redaction is decided in one place, below everything that reads a target's configuration
            Map.entry("redact", Set.of()),
            Map.entry("parse", Set.of("model")),
            Map.entry("assemble", Set.of("parse", "model")),
            Map.entry("analyze", Set.of("model")),
            Map.entry("report", Set.of("model")),
            Map.entry("proc", Set.of("parse", "redact", "model")),
            // attach finds targets and their hsperfdata through /proc, and loads the agent
            Map.entry("attach", Set.of("proc", "parse", "redact", "model", "agent")),
            Map.entry("profile", Set.of("attach", "parse", "model", "files")),
            Map.entry("live", Set.of("attach", "proc", "parse", "assemble", "model", "analyze", "profile", "agent", "redact",
                    "files")),
            // saved evidence meets live evidence in the model: no arrow to live, attach, proc or profile
            Map.entry("saved", Set.of("parse", "assemble", "model", "redact", "files")),
            // captures read a live JVM and write it as saved evidence, with the window's recording
            Map.entry("capture", Set.of("live", "saved", "report", "analyze", "assemble", "proc", "redact", "files", "model")),
            // the exporter samples through live, serves what the analysis found, and shows its samples to the captures
            Map.entry("export", Set.of("capture", "live", "proc", "redact", "model", "analyze")),
            Map.entry("cli", Set.of("export", "capture", "live", "saved", "attach", "proc", "parse", "assemble", "model",
                    "analyze", "profile", "report", "agent", "redact", "files", "zoo")));

    /**
     * The format families inside {@code parse}: each may use the shared readers ("" = {@code parse} itself) and the
     * families it embeds (an hs_err log holds NMT, flags and a memory map; a heap profile holds a maps section).
     */
    private static final Map<String, Set<String>> PARSE_FAMILIES = Map.ofEntries(
            Map.entry("", Set.of()),
            Map.entry("nmt", Set.of("")),
            Map.entry("jcmd", Set.of("")),
            Map.entry("proc", Set.of("")),
            Map.entry("symbols", Set.of("")),
            Map.entry("hprof", Set.of("")),
            Map.entry("profiles", Set.of("", "proc")),
            Map.entry("logs", Set.of("", "nmt", "jcmd", "proc")));

    @Test
    void eachPackageImportsOnlyWhatThePipelineAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles()) {
            String pkg = topLevel(file);
            Set<String> allowed = ALLOWED.get(pkg);
            assertThat(allowed).as("package %s of %s is not in the pipeline", pkg, file).isNotNull();
            for (String imported : offheapImports(file)) {
                String target = imported.split("\\.")[0];
                if (!target.equals(pkg) && !allowed.contains(target)) {
                    violations.add(file + " imports dev.offheap." + imported);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void eachParseFamilyImportsOnlyTheFamiliesItEmbeds() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles()) {
            if (!topLevel(file).equals("parse")) {
                continue;
            }
            String family = family(MAIN.relativize(file));
            Set<String> allowed = PARSE_FAMILIES.get(family);
            assertThat(allowed).as("parse family '%s' of %s is not listed", family, file).isNotNull();
            for (String imported : offheapImports(file)) {
                if (imported.startsWith("parse.")) {
                    String target = family(Path.of(imported.replace('.', '/') + ".java"));
                    if (!target.equals(family) && !allowed.contains(target)) {
                        violations.add(file + " imports dev.offheap." + imported);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theFloorsHaveNoCycle() {
        // a depth-first walk over the allowed arrows: reaching a package already on the path is a cycle
        for (String start : ALLOWED.keySet()) {
            assertThat(cycleFrom(start, new ArrayList<>())).as("cycle through %s", start).isEmpty();
        }
        for (String start : PARSE_FAMILIES.keySet()) {
            assertThat(cycleFrom(start, new ArrayList<>(), PARSE_FAMILIES)).as("cycle through parse.%s", start).isEmpty();
        }
    }

    @Test
    void everyPackageSaysWhatItHoldsAndMayUse() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> s = Files.walk(MAIN)) {
            for (Path dir : s.filter(Files::isDirectory).toList()) {
                boolean hasJava;
                try (Stream<Path> f = Files.list(dir)) {
                    hasJava = f.anyMatch(p -> p.toString().endsWith(".java"));
                }
                if (hasJava && !Files.isRegularFile(dir.resolve("package-info.java"))) {
                    missing.add(MAIN.relativize(dir).toString());
                }
            }
        }
        assertThat(missing).as("packages without package-info.java").isEmpty();
    }

    @Test
    void analysisAndModelDoNoIo() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles()) {
            String pkg = MAIN.relativize(file).getName(0).toString();
            if (!pkg.equals("analyze") && !pkg.equals("model")) {
                continue;
            }
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String imported = m.group(1);
                if (imported.startsWith("java.nio.file") || imported.startsWith("java.io.File")
                        || imported.startsWith("java.net") || imported.equals("java.lang.ProcessBuilder")) {
                    violations.add(file + " imports " + imported);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static String topLevel(Path file) {
        return MAIN.relativize(file).getName(0).toString();
    }

    /** "parse/nmt/NmtParser.java" → "nmt"; "parse/Lines.java" → "". */
    private static String family(Path relative) {
        return relative.getNameCount() > 2 ? relative.getName(1).toString() : "";
    }

    /** The imports of offheap's own types, without the "dev.offheap." prefix ("model.Finding", "parse.nmt.NmtParser"). */
    private static List<String> offheapImports(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
            if (m.group(1).startsWith("dev.offheap.")) {
                out.add(m.group(1).substring("dev.offheap.".length()));
            }
        }
        return out;
    }

    private static List<String> cycleFrom(String pkg, List<String> path) {
        return cycleFrom(pkg, path, ALLOWED);
    }

    private static List<String> cycleFrom(String pkg, List<String> path, Map<String, Set<String>> arrows) {
        if (path.contains(pkg)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(pkg), path.size()));
            cycle.add(pkg);
            return cycle;
        }
        path.add(pkg);
        for (String next : arrows.getOrDefault(pkg, Set.of())) {
            List<String> cycle = cycleFrom(next, path, arrows);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        return List.of();
    }
}
