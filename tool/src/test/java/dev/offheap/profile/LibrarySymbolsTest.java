package dev.offheap.profile;

import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.PerfMap;
import dev.offheap.parse.symbols.CxxNames;
import dev.offheap.parse.symbols.ElfSections;
import dev.offheap.parse.symbols.ElfSymbols;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Library symbols named as jeprof's addr2line names them, on the libraries of this machine: glibc with its detached
 * debug file (libc6-dbg: DWARF, inlined functions), libjvm.so (its own .symtab), libstdc++ (.dynsym only).
 */
class LibrarySymbolsTest {
    private static final Path LIBC = Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6");
    private static final Path LIBJVM = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so");
    private static final Path LIBSTDCXX = Path.of("/usr/lib/x86_64-linux-gnu/libstdc++.so.6");

    @Test
    void namesGlibcFromItsDebugFileAsAddr2lineDoes() throws Exception {
        ElfSymbols libc = ElfSymbols.read(LIBC);
        Path debug = debugFile(libc.buildId());
        assumeTrue(Files.isRegularFile(debug), "libc6-dbg not installed");
        compare(LIBC, new LibrarySymbols(libc, ElfSymbols.read(debug)), 1800);
    }

    @Test
    void namesLibjvmFromItsSymbolTableAsAddr2lineDoes() throws Exception {
        assumeTrue(Files.isRegularFile(LIBJVM), "no JDK 17 libjvm.so");
        compare(LIBJVM, new LibrarySymbols(ElfSymbols.read(LIBJVM), null), 1800);
    }

    @Test
    void namesLibstdcxxFromItsDynamicSymbolsAsAddr2lineDoes() throws Exception {
        assumeTrue(Files.isRegularFile(LIBSTDCXX), "no libstdc++.so.6");
        // its internal functions have no exported symbol: offheap leaves those addresses unnamed
        compare(LIBSTDCXX, new LibrarySymbols(ElfSymbols.read(LIBSTDCXX), null), 1400);
    }

    @Test
    void symbolizerUsesTheDebugFileUnderItsDebugRootAndNothingWithoutOne() {
        Path dir = Path.of("src/test/resources/fixtures/elf");
        // libfixture.so's code segment (file offset 0x1000 = vaddr 0x1000) mapped at 0x7f0000001000
        MemoryMap maps = new MemoryMap(List.of(Mapping.withoutCounters(0x7f0000001000L, 0x7f0000002000L, "r-xp", 0x1000, "fe:00", 0,
                "/opt/app/libfixture.so", false)));
        LibraryLocator files = new LibraryLocator(List.of(dir), null);
        Symbolizer withDebug = new Symbolizer(maps, PerfMap.empty(), files, w -> { }, dir.resolve("build-id"));
        Symbolizer without = new Symbolizer(maps, PerfMap.empty(), files, w -> { }, null);
        long base = 0x7f0000000000L;
        assertThat(names(withDebug, base, 0x1164, 0x1145, 0x1070, 0x1175)).containsExactly("grow", "hidden_helper", "grow", "fixture_alloc");
        assertThat(names(without, base, 0x1164, 0x1145, 0x1070, 0x1175))
                .containsExactly("fixture_alloc", "[libfixture.so+0x1145]", "[libfixture.so+0x1070]", "fixture_alloc");
    }

    private static List<String> names(Symbolizer s, long base, long... vaddrs) {
        List<String> out = new ArrayList<>();
        for (long v : vaddrs) {
            out.add(s.symbolize(new long[] {base + v}).get(0).name());
        }
        return out;
    }

    /** 2000 addresses spread over .text (same seed each run), named by offheap and by addr2line -f -C. */
    private static void compare(Path library, LibrarySymbols ours, int minNamed) throws Exception {
        assumeTrue(addr2lineInstalled(), "addr2line (binutils) not installed");
        ElfSections.Section text;
        try (FileChannel ch = FileChannel.open(library)) {
            text = ElfSections.parse(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()), library.toString()).named(".text").orElseThrow();
        }
        long from = text.addr();
        long to = text.addr() + text.size();
        Random random = new Random(42);
        List<Long> pcs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            pcs.add(from + (long) (random.nextDouble() * (to - from)));
        }
        List<String> theirs = addr2line(library, pcs);
        int named = 0;
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < pcs.size(); i++) {
            Optional<String> name = ours.name(pcs.get(i));
            String expected = LibrarySymbols.withoutVersion(shortFunctionName(theirs.get(i)));
            if (name.isPresent()) {
                named++;
                if (!name.get().equals(expected)) {
                    mismatches.add(Long.toHexString(pcs.get(i)) + " addr2line " + expected + " offheap " + name.get());
                }
            }
        }
        // the others lie past the end of the symbol before them (padding, unexported code): addr2line names that symbol
        assertThat(named).as(library.toString()).isGreaterThan(minNamed);
        assertThat(mismatches).isEmpty();
    }

    private static List<String> addr2line(Path library, List<Long> pcs) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("addr2line", "-f", "-C", "-e", library.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        StringBuilder in = new StringBuilder();
        pcs.forEach(pc -> in.append(Long.toHexString(pc)).append('\n'));
        p.getOutputStream().write(in.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        List<String> lines = List.of(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        p.waitFor();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += 2) {
            names.add(lines.get(i));
        }
        return names;
    }

    private static String shortFunctionName(String f) {
        return CxxNames.shortenDemangled(f);
    }

    private static boolean addr2lineInstalled() {
        try {
            return new ProcessBuilder("addr2line", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Path debugFile(String buildId) {
        return Symbolizer.DEBUG_ROOT.resolve(buildId.substring(0, 2)).resolve(buildId.substring(2) + ".debug");
    }
}
