package dev.offheap.parse.symbols;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The demangler against c++filt and jeprof's short form, on real libjvm.so symbols (fixtures/cxx). */
class CxxNamesTest {
    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/cxx/jdk17-libjvm-symbols.tsv");

    @Test
    void demanglesLiteralTemplateArgumentsAndTheSubstitutionsAfterThem() {
        String symbol = "_ZN9HashtableIP13InstanceKlassL8MEMFLAGS1EE9new_entryEjS1_";
        assertThat(CxxNames.demangle(symbol)).isEqualTo("Hashtable<InstanceKlass*, (MEMFLAGS)1>::new_entry(unsigned int, InstanceKlass*)");
        assertThat(CxxNames.shorten(symbol)).isEqualTo("Hashtable::new_entry");
        // builtin-typed literals print with their suffix; the value digits are not a length
        assertThat(CxxNames.demangle("_ZN12FormatBufferILm128EEC2EPKcz")).isEqualTo("FormatBuffer<128ul>::FormatBuffer(char const*, ...)");
        assertThat(CxxNames.demangle("_Z18get_header_versionILi256EEvRAT__c")).isEqualTo("void get_header_version<256>(char (&) [256])");
    }

    @Test
    void resolvesSubstitutionsAsPrefixesAndTemplateParametersInTheReturnType() {
        // S0_/S1_ inside template arguments refer to earlier template arguments
        assertThat(CxxNames.shorten("_ZN10WriterHostI11EncoderHostI20BigEndianEncoderImplS1_ES0_I20Varint128EncoderImplS1_E"
                + "16StreamWriterHostI13MallocAdapterILm1048576EE11JfrCHeapObjEE11ensure_sizeEm")).isEqualTo("WriterHost::ensure_size");
        // T_ in the return type is the first template argument; jeprof keeps the return type of an unscoped template
        assertThat(CxxNames.shorten("_Z16create_interfaceI22SystemProcessInterfaceEPT_v")).isEqualTo("SystemProcessInterface* create_interface");
        // a function address as template argument: "&Events::log"
        assertThat(CxxNames.demangle("_ZN24EventMarkWithLogFunctionIXadL_ZN6Events3logEP6ThreadPKczEEEC2ES4_z"))
                .isEqualTo("EventMarkWithLogFunction<&Events::log>::EventMarkWithLogFunction(char const*, ...)");
    }

    @Test
    void namesClonesThunksAndOperatorsAsJeprofShowsThem() {
        assertThat(CxxNames.shorten("_ZN10JfrStorage10clear_fullEv.part.0.isra.0")).isEqualTo("JfrStorage::clear_full [clone .part.0] [clone .isra.0]");
        assertThat(CxxNames.shorten("_ZThn8_N12LIRGenerator8block_doEP10BlockBegin")).isEqualTo("LIRGenerator::block_do");
        assertThat(CxxNames.shorten("_ZN13ObjectMonitor13ExitOnSuspendclEP10JavaThread")).isEqualTo("ObjectMonitor::ExitOnSuspend::operator");
        assertThat(CxxNames.demangle("_ZNKSs4sizeEv")).isEqualTo("std::basic_string<char, std::char_traits<char>, std::allocator<char> >::size() const");
    }

    @Test
    void printsStandardAbbreviationsAsAddr2lineDoesForJeprof() {
        // addr2line -C and nm -C (what jeprof reads) are not verbose: "std::string", but the full class before a constructor
        assertThat(CxxNames.demangleAsAddr2line("_ZNKSs4sizeEv")).isEqualTo("std::string::size() const");
        assertThat(CxxNames.shorten("_ZNKSs4sizeEv")).isEqualTo("std::string::size");
        assertThat(CxxNames.demangleAsAddr2line("_ZNSsC1Ev"))
                .isEqualTo("std::basic_string<char, std::char_traits<char>, std::allocator<char> >::basic_string()");
        assertThat(CxxNames.demangleAsAddr2line("_ZStlsISt11char_traitsIcEERSt13basic_ostreamIcT_ES5_PKc"))
                .isEqualTo("std::basic_ostream<char, std::char_traits<char> >& std::operator<< <std::char_traits<char> >"
                        + "(std::basic_ostream<char, std::char_traits<char> >&, char const*)");
    }

    @Test
    void leavesWhatIsNotAMangledNameUnchanged() {
        assertThat(CxxNames.shorten("ZSTD_resetCCtx_internal.lto_priv.0")).isEqualTo("ZSTD_resetCCtx_internal.lto_priv.0");
        assertThat(CxxNames.shorten("_Zfoo")).isEqualTo("_Zfoo");
        assertThat(CxxNames.shorten("_ZN3Foo")).isEqualTo("_ZN3Foo");
    }

    @Test
    void agreesWithCxxfiltAndJeprofOnEverySymbolOfTheFixture() throws IOException {
        List<String> lines = Files.readAllLines(FIXTURE, StandardCharsets.UTF_8);
        List<String> differences = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\t");
            if (!CxxNames.demangle(f[0]).equals(f[1]) || !CxxNames.shorten(f[0]).equals(f[2])) {
                differences.add(f[0] + " -> " + CxxNames.demangle(f[0]) + " / " + CxxNames.shorten(f[0]));
            }
        }
        assertThat(lines).hasSize(161);
        assertThat(differences).isEmpty();
    }
}
