package dev.offheap.profile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.cli.Main;
import dev.offheap.model.HeapProfile;
import dev.offheap.model.Mapping;
import dev.offheap.model.PerfMap;
import dev.offheap.model.StackFrame;
import dev.offheap.parse.profiles.HeapV2Parser;
import dev.offheap.parse.symbols.ElfSymbols;
import dev.offheap.report.Json;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * offheap run --jemalloc on the zstd-jni leak (JDK 17): offheap names the ZSTD functions of the deleted library and
 * the Java native method of the wrapper where jeprof shows '??', and agrees with jeprof on the frames it can name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunJemallocTest {
    private static final Path JEPROF = Path.of("/usr/bin/jeprof");
    @TempDir
    static Path out;
    private JsonNode doc;
    private Path lastHeap;

    @BeforeAll
    void runTheLeakUnderJemalloc() throws IOException {
        assumeTrue(Files.isRegularFile(JemallocRun.DEBIAN_LIBRARY), "libjemalloc2 not installed");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = Main.run(new String[] {"run", "--jemalloc", "--dump-every", "26", "--out", out.toString(), "--json", "--",
            Jdk.JDK17.java().toString(), "-Xmx64m", "-cp", TargetJvm.zooClasspath(), "dev.offheap.zoo.ZstdLeak", "100", "20", "3000", "warm"},
                new PrintWriter(stdout), new PrintWriter(stderr));
        assertThat(code).as("stderr: %s", stderr).isZero();
        doc = Json.mapper().readTree(stdout.toString());
        try (Stream<Path> s = Files.list(out)) {
            lastHeap = s.filter(p -> p.toString().endsWith(".f.heap")).findFirst().orElseThrow();
        }
    }

    @Test
    void namesZstdFunctionsAndTheJavaNativeMethodOfTheWrapper() {
        JsonNode top = doc.path("profile").path("leaked").get(0);
        assertThat(top.path("library").asText()).startsWith("libzstd-jni-1.5.7-6");
        assertThat(top.path("javaMethod").asText()).isEqualTo("com.github.luben.zstd.ZstdOutputStreamNoFinalizer.compressStream");
        List<String> names = new ArrayList<>();
        doc.path("profile").path("leaked").forEach(site -> site.path("frames").forEach(f -> names.add(f.path("name").asText())));
        assertThat(names).anyMatch(n -> n.startsWith("ZSTD_resetCCtx_internal"))
                .contains("ZSTD_compressStream2", "Java_com_github_luben_zstd_ZstdOutputStreamNoFinalizer_compressStream");
        // the JIT's native-method wrapper, named through the perf map as the Java method
        boolean wrapper = false;
        for (JsonNode site : doc.path("profile").path("leaked")) {
            for (JsonNode f : site.path("frames")) {
                wrapper |= f.path("kind").asText().equals("java")
                        && f.path("name").asText().equals("com.github.luben.zstd.ZstdOutputStreamNoFinalizer.compressStream");
            }
        }
        assertThat(wrapper).isTrue();
        assertThat(doc.path("findings").get(0).path("id").asText()).isEqualTo("JNI_LIBRARY_LEAK");
    }

    @Test
    void leavesNoPerfMapInTmpAndKeepsCopiesOfDeletedLibraries() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/tmp"))) {
            assertThat(s.filter(p -> p.getFileName().toString().matches("perf-\\d+\\.map"))
                    .filter(p -> p.getFileName().toString().contains(pidOf(lastHeap)))).isEmpty();
        }
        try (Stream<Path> s = Files.list(out.resolve("libs"))) {
            assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("libzstd-jni-1.5.7-6"));
        }
    }

    @Test
    void agreesWithJeprofOnNativeFramesAndNamesWhatJeprofCannot() throws Exception {
        // as the machine is: with libc6-dbg, jeprof's addr2line and offheap both read glibc's detached DWARF
        assumeTrue(Files.isExecutable(JEPROF), "jeprof not installed (libjemalloc-dev)");
        compareWithJeprof(List.of(), Symbolizer.DEBUG_ROOT);
    }

    @Test
    void agreesWithJeprofWhenNeitherSeesDebugFiles() throws Exception {
        // as on a machine without -dbg packages: jeprof runs in a private mount namespace with an empty /usr/lib/debug
        assumeTrue(Files.isExecutable(JEPROF), "jeprof not installed (libjemalloc-dev)");
        List<String> hidden = List.of();
        if (Files.isDirectory(Path.of("/usr/lib/debug"))) {
            hidden = List.of("unshare", "-m", "--propagation", "private", "sh", "-c", "mount -t tmpfs none /usr/lib/debug && exec \"$0\" \"$@\"");
            Process probe = new ProcessBuilder(concat(hidden, List.of("true"))).redirectErrorStream(true).start();
            assumeTrue(probe.waitFor() == 0, "cannot hide /usr/lib/debug (unshare needs root): " + new String(probe.getInputStream().readAllBytes()));
        }
        compareWithJeprof(hidden, null);
    }

    private void compareWithJeprof(List<String> prefix, Path debugRoot) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(concat(prefix, List.of(JEPROF.toString(), "--text", "--addresses", Jdk.JDK17.java().toString(),
                lastHeap.toString()))).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("DEBUGINFOD_URLS");
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        HeapProfile heap = HeapV2Parser.parse(lastHeap).value();
        Symbolizer ours = new Symbolizer(heap.mappedLibraries(), PerfMap.empty(),
                new LibraryLocator(List.of(out.resolve("libs")), null), w -> { }, debugRoot);
        // "     0.0   0.0% 100.0%      0.4   0.4% 00007fbcad3c9117 Arena::Arena ??:?"
        Matcher m = Pattern.compile("(?m)^\\s*\\S+\\s+\\S+%\\s+\\S+%\\s+\\S+\\s+\\S+% ([0-9a-f]{16}) (.+?) \\S+:\\S+$").matcher(text);
        int compared = 0;
        int nameless = 0;
        int namedByUs = 0;
        List<String> beyondSymbols = new ArrayList<>();
        List<String> misnamedByJeprof = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        Map<String, UnexportedFunctions> unexported = new HashMap<>();
        while (m.find()) {
            long pc = Long.parseUnsignedLong(m.group(1), 16);
            StackFrame f = ours.symbolize(new long[] {pc}).get(0);
            // jeprof tells apart same-named functions by "@<address>"; symbol versions ("@GLIBC_2.2.5") offheap drops
            String theirs = m.group(2).replaceAll("@[0-9a-f]+$", "").replaceAll("@@?[A-Z][A-Za-z0-9_.]*$", "");
            if (theirs.equals("??")) {
                nameless++;
                if (f.kind() == StackFrame.Kind.NATIVE && !f.name().startsWith("[")) {
                    namedByUs++;
                }
            } else if (f.name().startsWith("[")) {
                // past the end of the preceding symbol: jeprof (nm) still gives that symbol's name, offheap does not;
                // wrongly so where the unwind table shows a function of its own without a symbol (no debug file)
                String line = m.group(1) + " jeprof " + theirs + " offheap " + f.name();
                if (inUnexportedFunction(heap, pc, unexported)) {
                    misnamedByJeprof.add(line);
                } else {
                    beyondSymbols.add(line);
                }
            } else if (!theirs.contains("<") && !theirs.contains("(")) {
                compared++;
                if (!f.name().equals(theirs)) {
                    mismatches.add(m.group(1) + " jeprof " + theirs + " offheap " + f.name());
                }
            }
        }
        assertThat(compared).isGreaterThan(50);
        assertThat(mismatches.size()).as("mismatches: %s", mismatches).isLessThanOrEqualTo(compared / 50);
        assertThat(beyondSymbols.size()).as("frames only jeprof names: %s", beyondSymbols).isLessThanOrEqualTo(compared / 10);
        assertThat(nameless).isPositive();
        System.out.println("jeprof comparison (debug root " + debugRoot + "): " + compared + " compared, " + mismatches.size()
                + " mismatches, " + beyondSymbols.size() + " beyond symbols, " + misnamedByJeprof.size() + " misnamed by jeprof, "
                + namedByUs + " of " + nameless + " '??' named by offheap");
        assertThat(namedByUs).as("frames jeprof shows as ?? that offheap names").isGreaterThanOrEqualTo(4);
    }

    private static boolean inUnexportedFunction(HeapProfile heap, long pc, Map<String, UnexportedFunctions> cache) throws Exception {
        Mapping m = heap.mappedLibraries().find(pc).orElse(null);
        if (m == null || m.deleted()) {
            return false;
        }
        Optional<Long> vaddr = ElfSymbols.read(Path.of(m.path())).vaddrOfFileOffset(pc - m.startAddress() + m.offset());
        if (vaddr.isEmpty()) {
            return false;
        }
        if (!cache.containsKey(m.path())) {
            cache.put(m.path(), new UnexportedFunctions(Path.of(m.path())));
        }
        return cache.get(m.path()).holds(vaddr.get());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String pidOf(Path heap) {
        return heap.getFileName().toString().split("\\.")[1];
    }
}
