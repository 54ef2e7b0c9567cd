package dev.offheap.parse.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.offheap.model.FaultRecording;
import dev.offheap.model.FaultStack;
import dev.offheap.model.GrowthIndex;
import dev.offheap.model.InputException;
import dev.offheap.model.LibraryName;
import dev.offheap.model.StackFrame;
import dev.offheap.parse.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The growth profile's inputs: async-profiler's page-fault JFR (a real capture) and a collect folder's growth-profile.txt. */
class GrowthProfileFormatsTest {
    @TempDir
    Path scratch;

    @Test
    void pageFaultSamplesAreCountedPerStackAndThreadAndTheProfilersOwnStartIsLeftOut() {
        FaultRecording r = PageFaultJfrReader.read(Fixtures.path("pagefaults/jdk17-jna.jfr"), 4);
        assertThat(r.samples()).isEqualTo(613);
        assertThat(r.dropped()).as("attach listener and timer thread in libasyncProfiler.so").isEqualTo(3);
        assertThat(r.stacks().stream().mapToLong(FaultStack::samples).sum()).isEqualTo(610);
        assertThat(r.stacks().stream().mapToLong(FaultStack::faults).sum()).as("samples x interval").isEqualTo(610 * 4);
        assertThat(r.stacks()).allMatch(s -> s.thread().equals("main"));
        long setMemory = r.stacks().stream().filter(s -> s.frames().stream()
                .anyMatch(f -> f.name().equals("com.sun.jna.Native.setMemory") && f.kind() == StackFrame.Kind.JAVA)).mapToLong(FaultStack::samples).sum();
        assertThat(setMemory).isEqualTo(570);
        StackFrame export = r.stacks().stream().flatMap(s -> s.frames().stream())
                .filter(f -> f.name().equals("Java_com_sun_jna_Native_setMemory")).findFirst().orElseThrow();
        assertThat(export.library()).as("the deleted extracted copy, by its file name").isEqualTo("jna18440476569563642001.tmp");
        assertThat(export.kind()).isEqualTo(StackFrame.Kind.NATIVE);
    }

    @Test
    void aFileThatIsNotARecordingIsOneLine() throws Exception {
        Path bad = scratch.resolve("pagefaults-1.jfr");
        Files.writeString(bad, "not a recording");
        assertThatThrownBy(() -> PageFaultJfrReader.read(bad, 1)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(bad + ": ");
    }

    @Test
    void theIndexOfASavedGrowthProfileIsReadBack() {
        GrowthIndex i = GrowthIndexParser.parse("""
                # offheap growth profile 1
                duration_ms 15012
                rss_start 104857600
                rss_end 167772160
                huge_start 0
                huge_end 2097152
                kernel_faults 30871
                page_size 4096
                threads_start 21
                threads_end 23
                chunk pagefaults-1.jfr 9 10000
                chunk pagefaults-2.jfr 2 5012
                library jna123456789012345678.tmp\tlibjnidispatch.so\t/tmp/x/jna123456789012345678.tmp (deleted)\tthe JNI library of com.sun.jna
                library libc.so.6\tlibc.so.6\t/usr/lib/x86_64-linux-gnu/libc.so.6\t
                unsized libfoo.so`_init
                """, "growth-profile.txt");
        assertThat(i.window().durationMillis()).isEqualTo(15012);
        assertThat(i.window().rssGrowthBytes()).isEqualTo(60 << 20);
        assertThat(i.window().hugeGrowthBytes()).isEqualTo(2 << 20);
        assertThat(i.window().threadsEnd()).isEqualTo(23);
        assertThat(i.window().chunks()).extracting(c -> c.interval()).containsExactly(9L, 2L);
        assertThat(i.files()).containsExactly("pagefaults-1.jfr", "pagefaults-2.jfr");
        assertThat(i.libraries().get("jna123456789012345678.tmp")).isEqualTo(new LibraryName("libjnidispatch.so",
                "jna123456789012345678.tmp", "/tmp/x/jna123456789012345678.tmp (deleted)", "the JNI library of com.sun.jna"));
        assertThat(i.libraries().get("libc.so.6").how()).isNull();
        assertThat(i.unsized()).containsExactly("libfoo.so`_init");
    }

    @Test
    void aBadIndexSaysWhereAndWhat() {
        assertThatThrownBy(() -> GrowthIndexParser.parse("duration_ms 1\n", "g.txt")).isInstanceOf(InputException.class)
                .hasMessage("g.txt:1: expected '# offheap growth profile 1', found: \"duration_ms 1\"");
        assertThatThrownBy(() -> GrowthIndexParser.parse("# offheap growth profile 1\nduration_ms x\n", "g.txt"))
                .hasMessage("g.txt:2: expected 'duration_ms' with its fields, found: \"duration_ms x\"");
        assertThatThrownBy(() -> GrowthIndexParser.parse("# offheap growth profile 1\nchunk a.jfr 1\n", "g.txt"))
                .hasMessage("g.txt:2: expected 'chunk' with its fields, found: \"chunk a.jfr 1\"");
        String noChunk = String.join("\n", List.of("# offheap growth profile 1", "duration_ms 1", "rss_start 1", "rss_end 1",
                "huge_start 0", "huge_end 0", "kernel_faults 0", "page_size 4096", "threads_start 1", "threads_end 1"));
        assertThatThrownBy(() -> GrowthIndexParser.parse(noChunk, "g.txt")).hasMessage("g.txt: no 'chunk' line: no recording is listed");
    }
}
