package dev.offheap.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.model.FindingId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/findings.md is the catalog's page: as scripts/gen-docs writes it now, with every id the code gives or DESIGN lists. */
class FindingsPageTest {
    private static final Path PAGE = Path.of("../docs/findings.md");
    private static final Path MAIN = Path.of("src/main/java/dev/offheap");
    // "new Finding(FindingId.NMT_OFF, …" / "case NATIVE_THREAD -> … FindingId.JNI_LIBRARY_LEAK"
    private static final Pattern USED = Pattern.compile("FindingId\\.([A-Z][A-Z0-9_]+)\\b");
    // "## NMT_OFF"
    private static final Pattern HEADING = Pattern.compile("^## ([A-Z][A-Z0-9_]+)$", Pattern.MULTILINE);

    /**
     * The finding ids of DESIGN.md §4 ("Finding ids (stable; add new ones in the same style)"), copied from
     * /work/shared/DESIGN.md on 2026-12-07: DESIGN lives outside the repository, so the test keeps its own copy.
     */
    static final List<String> DESIGN_IDS = List.of("NMT_OFF", "LAZY_COMMIT", "RSS_OVER_BUDGET", "CONTAINER_LIMIT_RISK",
            "GLIBC_ARENAS", "NATIVE_HEAP_RETAINED", "DIRECT_MEMORY_UNLIMITED", "DIRECT_BUFFER_GROWTH", "NIO_TEMP_BUFFER_CACHE",
            "DISABLE_EXPLICIT_GC", "UNSAFE_MEMORY_GROWTH", "METASPACE_GROWTH", "CLASSLOADER_LEAK", "REFLECTION_ACCESSOR_LOADERS",
            "DUPLICATE_CLASSES", "METHODHANDLE_MEMBERNAME_LEAK", "NATIVE_MALLOC_GROWTH", "JNI_LIBRARY_LEAK",
            "ZIP_STREAMS_NOT_ENDED", "JEMALLOC_OLD_VERSION", "CODE_CACHE_FULL", "CODE_CACHE_GROWTH", "THREAD_GROWTH",
            "HOTSPOT_INTERNAL_GROWTH", "HIDDEN_CLASS_GROWTH", "DIRECT_MEMORY_EXHAUSTED", "METASPACE_EXHAUSTED");

    @Test
    void theCommittedPageIsWhatTheGeneratorWritesNow() throws IOException {
        assertThat(Files.isRegularFile(PAGE)).as("%s is missing: run scripts/gen-docs", PAGE.toAbsolutePath().normalize()).isTrue();
        String committed = Files.readString(PAGE, StandardCharsets.UTF_8);
        assertThat(committed.equals(FindingsPage.markdown()))
                .as("docs/findings.md differs from the finding catalog (model/FindingId.java): run scripts/gen-docs and commit"
                        + " the page")
                .isTrue();
    }

    @Test
    void everyIdTheCodeGivesAndDesignListsHasItsSectionWithTheIdAsAnchor() throws IOException {
        Set<String> sections = sections(Files.readString(PAGE, StandardCharsets.UTF_8));
        Set<String> given = idsGivenByTheCode();
        assertThat(given).as("ids the rules give").hasSizeGreaterThanOrEqualTo(DESIGN_IDS.size());
        assertThat(sections).containsAll(given).containsAll(DESIGN_IDS);
        for (String id : sections) {
            assertThat(FindingId.of(id).anchor()).isEqualTo(id.toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void everyCatalogedIdIsGivenBySomeRule() throws IOException {
        Set<String> catalog = new TreeSet<>();
        for (FindingId f : FindingId.values()) {
            catalog.add(f.id());
        }
        assertThat(idsGivenByTheCode()).as("ids the code names, against the catalog").isEqualTo(catalog);
    }

    @Test
    void noFindingIsMadeWithAnIdSpelledOutAsAString() throws IOException {
        // the rules name ids through FindingId (checked by the compiler); a string id is only a finding's own, passed on
        List<String> spelled = new ArrayList<>();
        for (Path file : javaFiles()) {
            String text = Files.readString(file);
            if (Pattern.compile("new Finding\\(\\s*\"").matcher(text).find()) {
                spelled.add(file.toString());
            }
        }
        assertThat(spelled).isEmpty();
    }

    private static Set<String> idsGivenByTheCode() throws IOException {
        Set<String> ids = new TreeSet<>();
        for (Path file : javaFiles()) {
            if (file.endsWith(Path.of("model", "FindingId.java"))) {
                continue;
            }
            Matcher m = USED.matcher(Files.readString(file));
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    private static Set<String> sections(String page) {
        Set<String> ids = new TreeSet<>();
        Matcher m = HEADING.matcher(page);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }
}
