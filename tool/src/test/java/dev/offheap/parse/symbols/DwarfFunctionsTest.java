package dev.offheap.parse.symbols;

import dev.offheap.model.InputException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ELF symbols and DWARF functions of a small library and its detached, compressed debug file (fixtures/elf). */
class DwarfFunctionsTest {
    static final Path DIR = Path.of("src/test/resources/fixtures/elf");
    static final Path LIBRARY = DIR.resolve("libfixture.so");
    static final Path DEBUG = DIR.resolve("build-id/74/034db92effc1cb06067b24f1e5f848395bd188.debug");

    @Test
    void findsTheInnermostFunctionInTheCompressedDwarfOfADebugFile() {
        DwarfFunctions dwarf = ElfSymbols.read(DEBUG).dwarf().orElseThrow();
        // grow is inlined into fixture_alloc, in its main part and in its .cold part (a second address range)
        assertThat(dwarf.lookup(0x1164)).contains(new DwarfFunctions.Function("grow", true, 0x1164));
        assertThat(dwarf.lookup(0x1070).orElseThrow().name()).isEqualTo("grow");
        assertThat(dwarf.lookup(0x1175).orElseThrow().name()).isEqualTo("fixture_alloc");
        assertThat(dwarf.lookup(0x1145).orElseThrow().name()).isEqualTo("hidden_helper");
        assertThat(dwarf.lookup(0x1184).orElseThrow().name()).isEqualTo("fixture_entry");
        // _fini (crti.o) has no DWARF
        assertThat(dwarf.lookup(0x1188)).isEmpty();
    }

    @Test
    void choosesSymbolsAsAddr2lineDoesInTheStrippedLibraryAndItsDebugFile() {
        ElfSymbols library = ElfSymbols.read(LIBRARY);
        assertThat(library.buildId()).isEqualTo("74034db92effc1cb06067b24f1e5f848395bd188");
        assertThat(library.dwarf()).isEmpty();
        // fixture_alloc and fixture_alias share 0x1160: addr2line takes the first in .dynsym, nm -n the last 'T'
        assertThat(library.symbolAt(0x1164)).contains(new ElfSymbols.Hit("fixture_alloc", 0x1160, true));
        assertThat(library.nmNameAt(0x1164)).contains("fixture_alloc");
        assertThat(library.lookup(0x1145)).isEmpty();
        ElfSymbols debug = ElfSymbols.read(DEBUG);
        assertThat(debug.lookup(0x1145)).contains("hidden_helper");
        assertThat(debug.lookup(0x1070)).contains("fixture_alloc.cold");
        assertThat(library.vaddrOfFileOffset(0x1164)).contains(0x1164L);
    }

    @Test
    void reportsTruncatedAndCorruptedDebugFilesWithPlace() throws Exception {
        byte[] bytes = Files.readAllBytes(DEBUG);
        assertThatThrownBy(() -> ElfSymbols.parse(ByteBuffer.wrap(bytes, 0, 1000).slice(), "cut.debug"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("cut.debug: section header table at offset ")
                .hasMessageEndingWith("lies outside the file (1000 bytes)");
        ElfSections sections = ElfSections.parse(ByteBuffer.wrap(bytes), "x.debug");
        ElfSections.Section info = sections.named(".debug_info").orElseThrow();
        byte[] broken = bytes.clone();
        for (int i = 24; i < 40; i++) {
            broken[(int) info.offset() + i] ^= 0x5a;
        }
        assertThatThrownBy(() -> ElfSymbols.parse(ByteBuffer.wrap(broken), "broken.debug").dwarf())
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("broken.debug: section .debug_info: bad zlib data");
    }
}
