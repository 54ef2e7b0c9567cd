package dev.offheap.parse.proc;

import dev.offheap.model.InputException;
import dev.offheap.model.Parsed;
import dev.offheap.model.PerfCounters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HsperfdataParserTest {
    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = HsperfdataParserTest.class.getResourceAsStream("/fixtures/hsperfdata/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheCountersOfAJdk17Jvm() throws IOException {
        Parsed<PerfCounters> p = HsperfdataParser.parse(fixture("jdk17-idle.hsperfdata"), "jdk17-idle.hsperfdata");

        assertThat(p.warnings()).isEmpty();
        PerfCounters c = p.value();
        assertThat(c.values()).hasSize(187);
        assertThat(c.text("sun.rt.jvmCapabilities")).startsWith("11").hasSize(64);
        assertThat(c.text("java.property.java.vm.version")).isEqualTo("17.0.15+6-Debian-1deb12u1");
        assertThat(c.text("java.property.java.version")).isEqualTo("17.0.15");
        assertThat(c.text("java.property.java.vm.specification.version")).isEqualTo("17");
        assertThat(c.text("java.property.java.vm.vendor")).isEqualTo("Debian");
        assertThat(c.text("sun.rt.javaCommand")).isEqualTo("dev.offheap.zoo.Idle 30");
        assertThat(c.text("java.rt.vmArgs")).isEqualTo("-Xmx64m");
        assertThat(c.text("java.rt.vmFlags")).isEmpty();
        assertThat(c.number("java.cls.loadedClasses")).hasValue(6);
        assertThat(c.number("java.cls.sharedLoadedClasses")).hasValue(402);
        assertThat(c.number("java.cls.unloadedClasses")).hasValue(0);
        assertThat(c.number("java.threads.live")).hasValue(6);
        assertThat(c.number("sun.os.hrt.frequency")).hasValue(1_000_000_000L);
        assertThat(c.values()).doesNotContainKey("sun.cls.loadedClasses"); // not a HotSpot counter on 17 or 25
    }

    @Test
    void readsTheCountersOfAJdk25Jvm() throws IOException {
        Parsed<PerfCounters> p = HsperfdataParser.parse(fixture("jdk25-idle.hsperfdata"), "jdk25-idle.hsperfdata");

        assertThat(p.warnings()).isEmpty();
        PerfCounters c = p.value();
        assertThat(c.values()).hasSize(185);
        assertThat(c.text("sun.rt.jvmCapabilities").charAt(0)).isEqualTo('1');
        assertThat(c.text("java.property.java.vm.version")).isEqualTo("25.0.3+9-LTS");
        assertThat(c.text("java.property.java.vm.specification.version")).isEqualTo("25");
        assertThat(c.text("java.property.java.vm.vendor")).isEqualTo("Eclipse Adoptium");
        assertThat(c.number("java.cls.loadedClasses")).hasValue(9);
        assertThat(c.number("java.threads.live")).hasValue(6);
    }

    @Test
    void rejectsAFileWithAnotherMagic() throws IOException {
        byte[] b = fixture("jdk17-idle.hsperfdata");
        b[0] = 0x7f;

        assertThatThrownBy(() -> HsperfdataParser.parse(b, "x"))
                .isInstanceOf(InputException.class)
                .hasMessage("x: not a hsperfdata file: magic 0x7ffec0c0, expected 0xcafec0c0");
    }

    @Test
    void rejectsAnUnsupportedVersion() throws IOException {
        byte[] b = fixture("jdk17-idle.hsperfdata");
        b[5] = 3;

        assertThatThrownBy(() -> HsperfdataParser.parse(b, "x"))
                .isInstanceOf(InputException.class)
                .hasMessage("x: unsupported PerfData version 3.0 (supported: 2.0)");
    }

    @Test
    void rejectsAFileCutInsideThePrologue() throws IOException {
        byte[] b = Arrays.copyOf(fixture("jdk17-idle.hsperfdata"), 20);

        assertThatThrownBy(() -> HsperfdataParser.parse(b, "x"))
                .isInstanceOf(InputException.class)
                .hasMessage("x: not a hsperfdata file: 20 bytes, the prologue alone needs 32");
    }

    @Test
    void keepsTheEntriesBeforeATruncation() throws IOException {
        byte[] b = Arrays.copyOf(fixture("jdk17-idle.hsperfdata"), 4000);

        Parsed<PerfCounters> p = HsperfdataParser.parse(b, "cut");

        assertThat(p.value().values()).isNotEmpty().hasSizeLessThan(187);
        assertThat(p.warnings()).hasSize(2);
        assertThat(p.warnings().get(0).toString()).isEqualTo("cut: offset 8: truncated: 12360 bytes in use, file has 4000");
        assertThat(p.warnings().get(1).toString()).startsWith("cut: offset ").contains("has bad length")
                .endsWith("the remaining entries are skipped");
    }

    @Test
    void skipsAnEntryWithADamagedNameAndGoesOn() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(fixture("jdk17-idle.hsperfdata")).order(ByteOrder.LITTLE_ENDIAN);
        int first = b.getInt(24);
        b.putInt(first + 4, 99_999); // name offset of the first entry, far outside it

        Parsed<PerfCounters> p = HsperfdataParser.parse(b, "bad");

        assertThat(p.value().values()).hasSize(186).doesNotContainKey("sun.rt._sync_Inflations");
        assertThat(p.warnings()).extracting(Object::toString)
                .containsExactly("bad: offset 32: entry without a readable name (name offset 99999), skipped");
    }

    @Test
    void stopsAtAnEntryWithADamagedLength() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(fixture("jdk25-idle.hsperfdata")).order(ByteOrder.LITTLE_ENDIAN);
        int first = b.getInt(24);
        int second = first + b.getInt(first);
        b.putInt(second, -8);

        Parsed<PerfCounters> p = HsperfdataParser.parse(b, "bad");

        assertThat(p.value().values()).hasSize(1);
        assertThat(p.warnings()).extracting(Object::toString).containsExactly("bad: offset " + second
                + ": entry 2 of 185 has bad length -8 (data ends at " + b.getInt(8) + "); the remaining entries are skipped");
    }

    @Test
    void readsABigEndianBuffer() {
        ByteBuffer b = ByteBuffer.allocate(32 + 48).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0xcafec0c0).put((byte) 0).put((byte) 2).put((byte) 0).put((byte) 1);
        b.putInt(80).putInt(0).putLong(0).putInt(32).putInt(1);
        // entry: length 48, name at 20, scalar 'J', data at 40
        b.putInt(48).putInt(20).putInt(0).put((byte) 'J').put((byte) 0).put((byte) 4).put((byte) 3).putInt(40);
        b.put("java.threads.live\0\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putLong(42);
        b.flip();

        Parsed<PerfCounters> p = HsperfdataParser.parse(b, "be");

        assertThat(p.warnings()).isEmpty();
        assertThat(p.value().values()).containsExactly(java.util.Map.entry("java.threads.live", "42"));
    }

    @Test
    void rewritesStringsInPlaceCuttingWhatDoesNotFitAtACharacter() throws IOException {
        byte[] raw = fixture("jdk17-idle.hsperfdata");
        PerfCounters before = HsperfdataParser.parse(raw, "x").value();
        // "dev.offheap.zoo.Idle 30" has a vector of exactly its length and a NUL: a longer value is cut there
        String longer = "é".repeat(30);

        byte[] rewritten = HsperfdataParser.rewriteStrings(raw, "x", (name, value) -> switch (name) {
            case "sun.rt.javaCommand" -> longer;
            case "java.rt.vmArgs" -> "-X";
            default -> value;
        });

        assertThat(rewritten).hasSameSizeAs(raw).isNotSameAs(raw);
        java.util.Map<String, String> expected = new java.util.HashMap<>(before.values());
        expected.put("sun.rt.javaCommand", "é".repeat(("dev.offheap.zoo.Idle 30".length()) / 2));
        expected.put("java.rt.vmArgs", "-X");
        assertThat(HsperfdataParser.parse(rewritten, "x").value().values()).isEqualTo(expected);
        assertThat(HsperfdataParser.rewriteStrings(raw, "x", (name, value) -> value)).isSameAs(raw);
        assertThat(raw).isEqualTo(fixture("jdk17-idle.hsperfdata"));
    }

    @Test
    void refusesToRewriteAFileWhoseEntriesItCannotAllFind() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(fixture("jdk25-idle.hsperfdata")).order(ByteOrder.LITTLE_ENDIAN);
        int first = b.getInt(24);
        int second = first + b.getInt(first);
        b.putInt(second, -8);

        assertThatThrownBy(() -> HsperfdataParser.rewriteStrings(b.array(), "bad", (name, value) -> value))
                .isInstanceOf(InputException.class)
                .hasMessage("bad: offset " + second + ": entry 2 of 185 is unreadable (length -8, data ends at " + b.getInt(8) + ")");
        assertThatThrownBy(() -> HsperfdataParser.rewriteStrings(new byte[10], "short", (name, value) -> value))
                .isInstanceOf(InputException.class).hasMessageStartingWith("short: not a hsperfdata file");
    }
}
