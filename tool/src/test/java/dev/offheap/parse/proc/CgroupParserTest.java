package dev.offheap.parse.proc;

import dev.offheap.model.CgroupMemory;
import dev.offheap.model.InputException;
import dev.offheap.model.Parsed;
import dev.offheap.parse.Fixtures;
import dev.offheap.parse.TextInput;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CgroupParserTest {

    @Test
    void readsAV1GroupWithALimit() {
        Parsed<CgroupMemory> p = CgroupParser.parseDirectory(Fixtures.path("cgroup/jdk25-limit-v1"), "/offheap-fixture-jdk25-limit");
        CgroupMemory m = p.value();
        assertThat(p.warnings()).isEmpty();
        assertThat(m.version()).isEqualTo(1);
        assertThat(m.path()).isEqualTo("/offheap-fixture-jdk25-limit");
        assertThat(m.limitBytes()).hasValue(536870912L);
        assertThat(m.usageBytes()).hasValue(45236224L);
        assertThat(m.swapLimitBytes()).as("memsw unlimited").isEmpty();
        assertThat(m.anonBytes()).hasValue(43118592L);
        assertThat(m.fileBytes()).hasValue(1105920L);
        assertThat(m.swapBytes()).hasValue(0);
        assertThat(m.inactiveFileBytes()).hasValue(1105920L);
        assertThat(m.workingSetBytes()).hasValue(45236224L - 1105920L);
        assertThat(m.stat()).containsEntry("hierarchical_memory_limit", 536870912L);
    }

    @Test
    void readsTheV1UnlimitedSentinelAsNoLimit() {
        CgroupMemory m = CgroupParser.parseDirectory(Fixtures.path("cgroup/jdk17-pretouch-v1"), "/").value();
        assertThat(TextInput.read(Fixtures.path("cgroup/jdk17-pretouch-v1/memory.limit_in_bytes")).trim())
                .isEqualTo("9223372036854771712");
        assertThat(m.limitBytes()).isEmpty();
        assertThat(m.usageBytes()).isPresent();
        assertThat(m.kernelBytes()).isPresent();
    }

    @Test
    void takesAParentLimitFromHierarchicalMemoryLimit() {
        CgroupMemory m = CgroupParser.parse(1, "/a/b", Map.of("memory.limit_in_bytes", "9223372036854771712\n",
                "memory.stat", "rss 10\nhierarchical_memory_limit 1073741824\n")).value();
        assertThat(m.limitBytes()).hasValue(1073741824L);
    }

    @Test
    void readsAV2GroupRecordedInAPod() {
        CgroupMemory m = CgroupParser.parseDirectory(Fixtures.path("cgroup/pod-v2"), "/kubepods/pod1").value();
        assertThat(m.version()).isEqualTo(2);
        assertThat(m.limitBytes()).hasValue(268435456L);
        assertThat(m.usageBytes()).hasValue(57991168L);
        assertThat(m.peakBytes()).hasValue(61341696L);
        assertThat(m.swapLimitBytes()).as("'max'").isEmpty();
        assertThat(m.anonBytes()).hasValue(25473024L);
        assertThat(m.fileBytes()).hasValue(31657984L);
        assertThat(m.kernelBytes()).hasValue(0);
        assertThat(m.shmemBytes()).hasValue(0);
        assertThat(m.workingSetBytes()).hasValue(57991168L - 21635072L);
        assertThat(m.stat()).hasSize(61);
    }

    @Test
    void sumsV2KernelPartsOnKernelsWithoutTheKernelLine() {
        CgroupMemory m = CgroupParser.parse(2, "/", Map.of("memory.max", "max\n",
                "memory.stat", "anon 100\nkernel_stack 16384\npagetables 8192\nslab 4096\n")).value();
        assertThat(m.limitBytes()).isEmpty();
        assertThat(m.kernelBytes()).hasValue(16384 + 8192 + 4096);
    }

    @Test
    void warnsAboutACorruptedValueAndKeepsTheOthers() {
        Parsed<CgroupMemory> p = CgroupParser.parseDirectory(Fixtures.path("cgroup/corrupt-v1"), "/x");
        assertThat(p.value().usageBytes()).isEmpty();
        assertThat(p.value().limitBytes()).hasValue(536870912L);
        assertThat(p.warnings()).extracting(Object::toString)
                .containsExactly("memory.usage_in_bytes:1: expected a number of bytes, skipped: \"12345abc\"");
        Parsed<CgroupMemory> stat = CgroupParser.parse(2, "/", Map.of("memory.stat", "anon 1\nfile\n"));
        assertThat(stat.warnings()).extracting(Object::toString)
                .containsExactly("memory.stat:2: expected '<name> <n>', skipped: \"file\"");
    }

    @Test
    void rejectsAFolderWithoutMemoryFiles() {
        assertThatThrownBy(() -> CgroupParser.parseDirectory(Fixtures.path("vmflags"), "/"))
                .isInstanceOf(InputException.class)
                .hasMessageEndingWith("vmflags: no cgroup memory files (memory.max, memory.current, memory.limit_in_bytes)");
    }
}
