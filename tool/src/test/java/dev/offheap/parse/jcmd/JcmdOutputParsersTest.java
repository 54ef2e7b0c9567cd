package dev.offheap.parse.jcmd;

import dev.offheap.model.InputException;
import dev.offheap.model.JvmCommandLine;
import dev.offheap.model.JvmFlag;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.JvmVersion;
import dev.offheap.model.Parsed;
import dev.offheap.model.PerfCounters;
import dev.offheap.parse.Fixtures;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** VM.flags (both formats), VM.version, VM.command_line and PerfCounter.print, JDK 8 to 25. */
class JcmdOutputParsersTest {

    @Test
    void parsesJdk17FlagsTableWithOrigins() {
        Parsed<JvmFlags> p = VmFlagsParser.parse(Fixtures.path("vmflags/jdk17-pretouch-all.txt"));
        JvmFlags f = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(f.flags()).hasSize(559);
        assertThat(f.flag("AlwaysPreTouch")).contains(new JvmFlag("AlwaysPreTouch", "bool", "true", "product", "command line"));
        assertThat(f.bool("AlwaysPreTouch")).contains(true);
        assertThat(f.bool("AggressiveHeap")).contains(false);
        assertThat(f.bytes("MaxHeapSize")).hasValue(64L << 20);
        assertThat(f.origin("MaxHeapSize")).contains("command line");
        assertThat(f.longValue("CICompilerCount")).hasValue(2);
        assertThat(f.origin("CICompilerCount")).contains("ergonomic");
        assertThat(f.flag("AliasLevel").orElseThrow().kind()).isEqualTo("C2 product");
        assertThat(f.value("AllocateHeapAt")).contains("");
        assertThat(f.longValue("ActiveProcessorCount")).hasValue(-1);
        assertThat(f.longValue("MaxMetaspaceSize")).hasValue(Long.MAX_VALUE);
        assertThat(f.value("NativeMemoryTracking")).contains("summary");
    }

    @Test
    void parsesJdk25FlagsTableAndOneLineTheSame() {
        JvmFlags all = VmFlagsParser.parse(Fixtures.path("vmflags/jdk25-limit-all.txt")).value();
        JvmFlags line = VmFlagsParser.parse(Fixtures.path("vmflags/jdk25-limit.txt")).value();
        // plain VM.flags also lists changed diagnostic flags (AOTInvokeDynamicLinking) that '-all' leaves out
        long compared = line.flags().values().stream().filter(f -> all.flags().containsKey(f.name()))
                .peek(f -> assertThat(all.value(f.name())).as(f.name()).contains(f.value())).count();
        assertThat(compared).isGreaterThan(10);
        assertThat(all.bool("UseG1GC")).contains(true);
        assertThat(line.bytes("MaxHeapSize")).hasValue(128L << 20);
    }

    @Test
    void parsesJdk8AndJdk11OneLineFlagsRecordedInPublicPosts() {
        JvmFlags j8 = VmFlagsParser.parse(Fixtures.path("vmflags/jdk8-oracle-8u161.txt")).value();
        assertThat(j8.flags()).hasSize(10);
        assertThat(j8.bytes("MaxHeapSize")).hasValue(253755392L);
        assertThat(j8.bool("UseFastUnorderedTimeStamps")).contains(true);
        JvmFlags j11 = VmFlagsParser.parse(Fixtures.path("vmflags/jdk11-jbr-11.0.6.txt")).value();
        assertThat(j11.bool("UseG1GC")).contains(true);
        assertThat(j11.bool("UseLargePagesIndividualAllocation")).contains(false);
        assertThat(j11.bytes("ReservedCodeCacheSize")).hasValue(251658240L);
    }

    @Test
    void parsesJdk8TableWhereColonEqualsMarksAChangedValue() {
        JvmFlags f = VmFlagsParser.parse(Fixtures.path("vmflags/jdk8-oracle-8u201-all-excerpt.txt")).value();
        assertThat(f.flag("MaxHeapSize")).contains(new JvmFlag("MaxHeapSize", "uintx", "4202692608", "product", "non-default"));
        assertThat(f.flag("ErgoHeapSizeLimit").orElseThrow().origin()).isNull();
    }

    @Test
    void readsSizeSuffixesAndRejectsNonNumbers() {
        JvmFlags f = VmFlagsParser.parse("-XX:MaxDirectMemorySize=64m -XX:Foo=bar -XX:Big=18446744073709551615\n", "f").value();
        assertThat(f.bytes("MaxDirectMemorySize")).hasValue(64L << 20);
        assertThat(f.longValue("Foo")).isEmpty();
        assertThat(f.bool("Foo")).isEmpty();
        assertThat(f.longValue("Big")).hasValue(Long.MAX_VALUE);
        assertThat(f.longValue("Absent")).isEmpty();
    }

    @Test
    void warnsPerBadFlagAndRejectsForeignOutput() {
        Parsed<JvmFlags> p = VmFlagsParser.parse("1:\n-XX:+A -Dfoo=1 -XX:B=2\n", "flags.txt");
        assertThat(p.value().flags()).containsOnlyKeys("A", "B");
        assertThat(p.warnings()).extracting(Object::toString)
                .containsExactly("flags.txt:2: expected '-XX:[+-]Name' or '-XX:Name=value', skipped: \"-Dfoo=1\"");
        String table = Fixtures.text("vmflags/jdk17-pretouch-all.txt").replace("     bool AggressiveHeap ", "     bool Aggressive Heap ");
        assertThat(VmFlagsParser.parse(table, "all.txt").warnings()).hasSize(1);
        assertThatThrownBy(() -> VmFlagsParser.parse("1234:\njava.io.IOException: Connection refused\n", "flags.txt"))
                .isInstanceOf(InputException.class)
                .hasMessage("flags.txt:2: expected 'VM.flags' output ('-XX:' options or the 'VM.flags -all' table),"
                        + " found: \"java.io.IOException: Connection refused\"");
        assertThatThrownBy(() -> VmFlagsParser.parse("", "flags.txt")).isInstanceOf(InputException.class)
                .hasMessage("flags.txt: empty file, expected 'VM.flags' output");
    }

    @Test
    void parsesVmVersionOfJdk8To25() {
        JvmVersion v17 = VmVersionParser.parse(Fixtures.path("vmversion/jdk17-pretouch.txt")).value();
        assertThat(v17).isEqualTo(new JvmVersion("17.0.15+6-Debian-1deb12u1", 17, 0, 15, "6", "OpenJDK 64-Bit Server VM", null));
        JvmVersion v25 = VmVersionParser.parse(Fixtures.path("vmversion/jdk25-limit.txt")).value();
        assertThat(v25).isEqualTo(new JvmVersion("25.0.3+9-LTS", 25, 0, 3, "9", "OpenJDK 64-Bit Server VM", null));
        JvmVersion v8 = VmVersionParser.parse(Fixtures.path("vmversion/jdk8-oracle-8u161.txt")).value();
        assertThat(v8).isEqualTo(new JvmVersion("25.161-b12", 8, 0, 161, "b12", "Java HotSpot(TM) 64-Bit Server VM", null));
        JvmVersion v11 = VmVersionParser.parse(Fixtures.path("vmversion/jdk11-jbr-11.0.6.txt")).value();
        assertThat(v11.major()).isEqualTo(11);
        assertThat(v11.update()).isEqualTo(6);
        assertThat(v11.build()).isEqualTo("8");
        assertThatThrownBy(() -> VmVersionParser.parse("Could not attach\n", "version.txt"))
                .isInstanceOf(InputException.class)
                .hasMessage("version.txt:1: expected '<VM name> version <version>', found: \"Could not attach\"");
    }

    @Test
    void parsesVersionStringsAlone() {
        assertThat(JvmVersion.parse("25.0.3+9-LTS")).extracting("major", "update", "build").containsExactly(25, 3, "9");
        assertThat(JvmVersion.parse("1.8.0_352-b08")).extracting("major", "update", "build").containsExactly(8, 352, "b08");
        assertThat(JvmVersion.parse("17.0.15+6-Debian-1deb12u1")).extracting("major", "update", "build").containsExactly(17, 15, "6");
        assertThat(JvmVersion.parse("25.352-b08")).as("JDK 8's java.vm.version").extracting("major", "update").containsExactly(8, 352);
        assertThat(JvmVersion.parse("11.0.14.1+1").update()).isEqualTo(14);
        assertThat(JvmVersion.parse("25-ea+3")).extracting("major", "build").containsExactly(25, "3");
        assertThat(JvmVersion.parse("21")).extracting("major", "minor", "update").containsExactly(21, 0, 0);
        assertThat(JvmVersion.parse("1.8.0_151").atLeast(8, 152)).isFalse();
        assertThat(JvmVersion.parse("11.0.2").atLeast(8, 152)).isTrue();
        assertThatThrownBy(() -> JvmVersion.parse("openjdk")).hasMessage("not a java version: \"openjdk\"");
    }

    @Test
    void parsesVmCommandLine() {
        JvmCommandLine c = VmCommandLineParser.parse(Fixtures.path("vmcommandline/jdk17-pretouch.txt")).value();
        assertThat(c.jvmArgs()).isEqualTo("-Dcapture.tag=jdk17-pretouch -Xms64m -Xmx64m -XX:+AlwaysPreTouch"
                + " -XX:NativeMemoryTracking=summary -XX:+UseSerialGC");
        assertThat(c.jvmArgList()).hasSize(6).contains("-Xmx64m");
        assertThat(c.javaCommand()).isEqualTo("FixtureTarget 4");
        assertThat(c.mainClassOrJar()).isEqualTo("FixtureTarget");
        assertThat(c.classPath()).isEqualTo(".");
        assertThat(c.launcherType()).isEqualTo("SUN_STANDARD");
        assertThat(c.jvmFlags()).isNull();
        assertThatThrownBy(() -> VmCommandLineParser.parse("42:\nhello\n", "cl.txt")).isInstanceOf(InputException.class)
                .hasMessage("cl.txt:2: expected 'VM Arguments:' or 'jvm_args: …', found: \"hello\"");
    }

    @Test
    void parsesPerfCountersWithoutQuotes() {
        Parsed<PerfCounters> p = PerfCounterParser.parse(Fixtures.path("perfcounters/jdk25-limit.txt"));
        PerfCounters c = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(c.values().get("java.property.java.vm.version")).isEqualTo("25.0.3+9-LTS");
        assertThat(JvmVersion.parse(c.text("java.property.java.vm.version")).major()).isEqualTo(25);
        assertThat(c.number("java.cls.loadedClasses")).hasValue(60);
        assertThat(c.number("java.cls.sharedLoadedClasses")).hasValue(733);
        assertThat(c.number("java.threads.live")).isPresent();
        PerfCounters c17 = PerfCounterParser.parse(Fixtures.path("perfcounters/jdk17-pretouch.txt")).value();
        assertThat(c17.text("java.property.java.vm.version")).isEqualTo("17.0.15+6-Debian-1deb12u1");
    }

    @Test
    void warnsAboutABrokenCounterLineAndRejectsForeignText() {
        String text = Fixtures.text("perfcounters/jdk25-limit.txt");
        text = text.substring(0, text.length() / 2) + "\ngarbage\n" + text.substring(text.length() / 2);
        assertThat(PerfCounterParser.parse(text, "pc.txt").warnings()).hasSize(2);
        assertThatThrownBy(() -> PerfCounterParser.parse("", "pc.txt")).isInstanceOf(InputException.class)
                .hasMessage("pc.txt: empty file, expected 'PerfCounter.print' output");
        assertThatThrownBy(() -> PerfCounterParser.parse("Exception in thread\n", "pc.txt")).isInstanceOf(InputException.class)
                .hasMessage("pc.txt:1: expected 'PerfCounter.print' output ('<counter.name>=<value>'), found: \"Exception in thread\"");
    }
}
