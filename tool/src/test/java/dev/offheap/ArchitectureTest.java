package dev.offheap;

import dev.offheap.model.Sizes;
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

    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("model", Set.of("model")),
            Map.entry("parse", Set.of("parse", "model")),
            Map.entry("analyze", Set.of("analyze", "model")),
            Map.entry("report", Set.of("report", "model")),
            // attach finds targets and their hsperfdata through /proc, and loads the agent
            Map.entry("attach", Set.of("attach", "proc", "parse", "model", "agent")),
            Map.entry("agent", Set.of("agent")),
            Map.entry("proc", Set.of("proc", "parse", "model")),
            Map.entry("profile", Set.of("profile", "attach", "parse", "model")),
            Map.entry("live", Set.of("live", "attach", "proc", "parse", "model", "analyze", "profile", "agent")),
            // the exporter samples through live and serves what the analysis found
            Map.entry("export", Set.of("export", "live", "proc", "model", "analyze")),
            Map.entry("cli", Set.of("cli", "export", "live", "attach", "proc", "parse", "model", "analyze", "profile", "report", "agent", "zoo")));

    @Test
    void eachPackageImportsOnlyWhatThePipelineAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles()) {
            String pkg = MAIN.relativize(file).getName(0).toString();
            Set<String> allowed = ALLOWED.get(pkg);
            assertThat(allowed).as("package %s of %s is not in the pipeline", pkg, file).isNotNull();
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String imported = m.group(1);
                if (imported.startsWith("dev.offheap.")) {
                    String target = imported.substring("dev.offheap.".length()).split("\\.")[0];
                    if (!allowed.contains(target)) {
                        violations.add(file + " imports " + imported);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
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
}
