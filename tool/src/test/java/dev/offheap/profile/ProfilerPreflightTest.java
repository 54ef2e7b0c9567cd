package dev.offheap.profile;

import dev.offheap.model.MemoryMap;
import dev.offheap.parse.proc.SmapsParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The situations where offheap refuses to load async-profiler's malloc hooks, judged on recorded /proc inputs. */
class ProfilerPreflightTest {
    private static final String THIS_KERNEL = "6.18.44-fc-v1272";

    @Test
    void aGlibcJvmOnACurrentKernelIsNotRisky() throws Exception {
        assertThat(ProfilerPreflight.risks(maps("jdk17-pretouch"), Optional.empty(), THIS_KERNEL)).isEmpty();
    }

    @Test
    void aPreloadedJemallocIsRefusedAndNamed() throws Exception {
        List<String> risks = ProfilerPreflight.risks(maps("jemalloc-preloaded-sleep"),
                Optional.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"), THIS_KERNEL);
        assertThat(risks).containsExactly("preloads /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 (LD_PRELOAD): async-profiler's"
                + " malloc hooks may miss or mismatch calls into a replaced allocator; use the allocator's own profiling"
                + " (offheap run --jemalloc)");
    }

    @Test
    void anAllocatorLinkedInRatherThanPreloadedIsFoundInTheMaps() throws Exception {
        assertThat(ProfilerPreflight.risks(maps("jemalloc-preloaded-sleep"), Optional.empty(), THIS_KERNEL))
                .singleElement().asString().startsWith("has /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 loaded: ");
        assertThat(ProfilerPreflight.risks(maps("jdk17-pretouch"), Optional.of("libtcmalloc_minimal.so.4 libfoo.so"), THIS_KERNEL))
                .singleElement().asString().startsWith("preloads libtcmalloc_minimal.so.4 (LD_PRELOAD)");
    }

    @Test
    void muslLibcIsRefusedInDebiansAndAlpinesLayout() throws Exception {
        assertThat(ProfilerPreflight.risks(maps("musl-debian12-c-program"), Optional.empty(), THIS_KERNEL))
                .containsExactly("runs on musl libc (/usr/lib/x86_64-linux-musl/libc.so): async-profiler's malloc hooks are"
                        + " not reliable there (calloc and posix_memalign call malloc inside musl)");
        assertThat(ProfilerPreflight.isMusl("/lib/ld-musl-x86_64.so.1")).isTrue();
        assertThat(ProfilerPreflight.isMusl("/usr/lib/x86_64-linux-gnu/libc.so.6")).isFalse();
    }

    @Test
    void kernelsBefore310AndWsl1AreRefused() throws Exception {
        assertThat(ProfilerPreflight.supportedKernel("3.10.0-1160.el7.x86_64")).isTrue();
        assertThat(ProfilerPreflight.supportedKernel("5.15.153.1-microsoft-standard-WSL2")).isTrue();
        assertThat(ProfilerPreflight.supportedKernel("2.6.32-754.el6.x86_64")).isFalse();
        assertThat(ProfilerPreflight.supportedKernel("3.2.0-4-amd64")).isFalse();
        assertThat(ProfilerPreflight.supportedKernel("4.4.0-19041-Microsoft")).isFalse();
        assertThat(ProfilerPreflight.risks(maps("jdk17-pretouch"), Optional.empty(), "2.6.32-754.el6.x86_64"))
                .containsExactly("runs on Linux 2.6.32-754.el6.x86_64: malloc profiling needs Linux 3.10 or later (and not WSL 1)");
    }

    private static MemoryMap maps(String name) throws IOException, URISyntaxException {
        Path p = Path.of(ProfilerPreflightTest.class.getResource("/fixtures/maps/" + name + ".txt").toURI());
        return SmapsParser.parse(Files.readString(p), name).value();
    }
}
