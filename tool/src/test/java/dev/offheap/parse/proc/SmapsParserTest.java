package dev.offheap.parse.proc;

import dev.offheap.model.InputException;
import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.Parsed;
import dev.offheap.parse.Fixtures;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmapsParserTest {

    @Test
    void parsesJdk17SmapsWithTotalsEqualToItsStatusVmRss() {
        Parsed<MemoryMap> p = SmapsParser.parse(Fixtures.path("smaps/jdk17-pretouch.txt"));
        MemoryMap map = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(map.mappings()).hasSize(164);
        assertThat(map.hasCounters()).isTrue();
        // status/jdk17-pretouch.txt: VmRSS 126956 kB, RssAnon 105456 kB, same instant
        assertThat(map.rssBytes()).hasValue(126956L * 1024);
        assertThat(map.anonymousBytes()).hasValue(105456L * 1024);
        assertThat(map.pssBytes()).hasValue(125250L * 1024);
        assertThat(map.swapBytes()).hasValue(0);
    }

    @Test
    void readsThePreTouchedJavaHeapAsTheFirstMapping() {
        Mapping heap = SmapsParser.parse(Fixtures.path("smaps/jdk17-pretouch.txt")).value().mappings().get(0);
        assertThat(heap.startAddress()).isEqualTo(0xfc000000L);
        assertThat(heap.endAddress()).isEqualTo(0x100000000L);
        assertThat(heap.sizeBytes()).isEqualTo(64L << 20);
        assertThat(heap.perms()).isEqualTo("rw-p");
        assertThat(heap.path()).isNull();
        assertThat(heap.isAnonymous()).isTrue();
        assertThat(heap.isReadable() && heap.isWritable() && heap.isPrivate()).isTrue();
        assertThat(heap.isExecutable()).isFalse();
        assertThat(heap.rssBytes()).isEqualTo(64L << 20);
        assertThat(heap.privateDirtyBytes()).isEqualTo(64L << 20);
        assertThat(heap.anonymousBytes()).isEqualTo(64L << 20);
        assertThat(heap.vmFlags()).containsExactly("rd", "wr", "mr", "mw", "me", "ac");
    }

    @Test
    void keepsDeletedFilesAndKernelNames() {
        MemoryMap map = SmapsParser.parse(Fixtures.path("smaps/jdk17-pretouch.txt")).value();
        Mapping deleted = map.find(0x7fcd19b36000L + 4096).orElseThrow();
        assertThat(deleted.path()).isEqualTo("/tmp/offheap-capture.l1Ryi6/mapped-then-deleted.bin");
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.perms()).isEqualTo("rw-s");
        assertThat(deleted.isPrivate()).isFalse();
        assertThat(deleted.device()).isEqualTo("fe:00");
        assertThat(deleted.inode()).isEqualTo(2146791L);
        assertThat(deleted.isFileBacked()).isTrue();
        assertThat(deleted.sizeBytes()).isEqualTo(1 << 20);
        assertThat(map.find(0x55b234129000L).orElseThrow().path()).isEqualTo("[heap]");
        assertThat(map.find(0x55b234129000L).orElseThrow().isAnonymous()).isTrue();
        assertThat(map.find(0x7fcd1c709000L).orElseThrow().path()).isEqualTo("[vdso]");
        assertThat(map.find(0x7ffe5be16fffL).orElseThrow().path()).isEqualTo("[stack]");
    }

    @Test
    void handlesTheVsyscallPageAboveLongMaxValue() {
        MemoryMap map = SmapsParser.parse(Fixtures.path("smaps/jdk17-pretouch.txt")).value();
        Mapping last = map.mappings().get(map.mappings().size() - 1);
        assertThat(last.path()).isEqualTo("[vsyscall]");
        assertThat(Long.toHexString(last.startAddress())).isEqualTo("ffffffffff600000");
        assertThat(last.sizeBytes()).isEqualTo(4096);
        assertThat(map.find(0xffffffffff600010L)).contains(last);
        assertThat(map.find(0x10L)).isEmpty();
    }

    @Test
    void readsMapsWithoutCountersAsUnknown() {
        MemoryMap map = SmapsParser.parse(Fixtures.path("maps/jdk25-limit.txt")).value();
        MemoryMap smaps = SmapsParser.parse(Fixtures.path("smaps/jdk25-limit.txt")).value();
        assertThat(map.mappings()).hasSize(182);
        assertThat(map.hasCounters()).isFalse();
        assertThat(map.rssBytes()).isEmpty();
        assertThat(map.mappings().get(0).rssBytes()).isNull();
        assertThat(map.sizeBytes()).isEqualTo(smaps.sizeBytes());
        assertThat(map.mappings().get(0).path()).isEqualTo(smaps.mappings().get(0).path());
    }

    @Test
    void readsSmapsRollup() {
        Mapping rollup = SmapsParser.parseRollup(Fixtures.path("smaps_rollup/jdk25-limit.txt")).value();
        assertThat(rollup.path()).isEqualTo("[rollup]");
        assertThat(rollup.rssBytes()).isEqualTo(68204L * 1024);
        assertThat(rollup.pssBytes()).isEqualTo(66219L * 1024);
    }

    @Test
    void refusesSmapsWhereRollupIsExpected() {
        assertThatThrownBy(() -> SmapsParser.parseRollup(Fixtures.text("smaps/jdk25-limit.txt"), "rollup.txt"))
                .isInstanceOf(InputException.class)
                .hasMessage("rollup.txt: expected smaps_rollup (one '[rollup]' entry), found 182 mappings");
    }

    @Test
    void warnsAboutACopyCutInsideALine() {
        String text = Fixtures.text("smaps/jdk17-pretouch.txt");
        String cut = text.substring(0, text.indexOf("\nPss:", 800) + 11);
        Parsed<MemoryMap> p = SmapsParser.parse(cut, "cut.txt");
        assertThat(p.value().mappings()).hasSize(2);
        assertThat(p.warnings()).extracting(Object::toString).first().asString()
                .startsWith("cut.txt:31: file ends inside a line (truncated copy?), skipped: \"Pss:      ");
        assertThat(p.value().mappings().get(1).rssBytes()).isEqualTo(4096);
        assertThat(p.value().mappings().get(1).pssBytes()).isNull();
    }

    @Test
    void readsTheSavedTruncatedFixtureUpToTheCut() {
        Parsed<MemoryMap> p = SmapsParser.parse(Fixtures.path("smaps/jdk17-pretouch-truncated.txt"));
        assertThat(p.value().mappings()).hasSize(1);
        assertThat(p.value().mappings().get(0).rssBytes()).isEqualTo(65536L * 1024);
        assertThat(p.warnings()).hasSize(1);
    }

    @Test
    void aCopyCutShortKnowsWhereItEnds() {
        // smaps/SOURCES: the first 70000 bytes of jdk17-nmt-detail.txt, 97 mapping headers, Rss 181508 kB read
        Parsed<MemoryMap> cut = SmapsParser.parse(Fixtures.path("smaps/jdk17-nmt-detail-cut-70k.txt"));
        assertThat(cut.value().cutAtByte()).hasValue(70000);
        assertThat(cut.value().mappings()).hasSize(97);
        assertThat(cut.value().rssBytes()).hasValue(181508L << 10);
        MemoryMap whole = SmapsParser.parse(Fixtures.path("smaps/jdk17-nmt-detail.txt")).value();
        assertThat(whole.partial()).isFalse();
        assertThat(whole.rssBytes()).hasValue(205156L << 10);
        // cut at a line end, the last mapping without its counters
        String text = Fixtures.text("smaps/jdk17-nmt-detail.txt");
        String atHeader = text.substring(0, text.indexOf('\n', text.indexOf("\n7f", 60000) + 1) + 1);
        assertThat(SmapsParser.parse(atHeader, "h.txt").value().cutAtByte()).hasValue(atHeader.length());
    }

    @Test
    void skipsACorruptedMappingLineAndItsFieldsWithWarnings() {
        String text = Fixtures.text("smaps/jdk25-limit.txt").replaceFirst("(?m)^55[0-9a-f]+-", "zz-");
        Parsed<MemoryMap> p = SmapsParser.parse(text, "smaps.txt");
        assertThat(p.value().mappings()).hasSize(181);
        assertThat(p.warnings()).extracting(Object::toString).containsExactly(
                "smaps.txt:276: expected a mapping line or '<Field>: <value>', skipped: \"zz-557cf638b000 r--p 00000000 fe:00 328301"
                        + "                     /usr/lib/jvm/t...\"",
                "smaps.txt: 24 field lines without a valid mapping line skipped");
    }

    @Test
    void warnsAboutACorruptedCounter() {
        String text = "00400000-00401000 r-xp 00000000 08:01 42    /bin/x\nRss:   12x kB\nPss:   4 kB\nVmFlags: rd ex\n";
        Parsed<MemoryMap> p = SmapsParser.parse(text, "s.txt");
        assertThat(p.warnings()).extracting(Object::toString)
                .containsExactly("s.txt:2: expected 'Rss: <n> kB', skipped: \"Rss:   12x kB\"");
        assertThat(p.value().mappings().get(0).pssBytes()).isEqualTo(4096);
    }

    @Test
    void rejectsEmptyAndForeignFilesInOneLine() {
        assertThatThrownBy(() -> SmapsParser.parse("", "smaps.txt")).isInstanceOf(InputException.class)
                .hasMessage("smaps.txt: empty file, expected smaps or maps");
        assertThatThrownBy(() -> SmapsParser.parse(Fixtures.path("status/jdk17-pretouch.txt")))
                .isInstanceOf(InputException.class)
                .hasMessage("jdk17-pretouch.txt:1: expected a mapping line '<start>-<end> <perms> <offset> <dev> <inode> [<path>]',"
                        + " found: \"Name:\tjava\"");
    }
}
