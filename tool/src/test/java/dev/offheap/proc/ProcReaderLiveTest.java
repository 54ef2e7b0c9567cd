package dev.offheap.proc;

import dev.offheap.model.CgroupMemory;
import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.PageResidency;
import dev.offheap.model.Parsed;
import dev.offheap.model.ProcessStatus;
import dev.offheap.model.TargetException;
import dev.offheap.redact.Redactor;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.Idle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reads a live JDK 17 target whose 64 MiB Java heap is pre-touched: it sits at [0xfc000000, 0x100000000). */
class ProcReaderLiveTest {
    private static final long HEAP_START = 0xfc000000L;
    private static final long HEAP_END = 0x100000000L;
    private static TargetJvm target;

    @BeforeAll
    static void start() {
        target = TargetJvm.builder(Jdk.JDK17, Idle.class)
                .jvmArgs("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-XX:-UsePerfData")
                .env("MALLOC_ARENA_MAX", "2")
                .start();
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    @Test
    void smapsRssTotalMatchesStatusVmRss() {
        ProcReader r = new ProcReader(target.pid());
        ProcessStatus before = r.status().value();
        Parsed<MemoryMap> smaps = r.smaps();
        ProcessStatus after = r.status().value();
        assertThat(smaps.warnings()).isEmpty();
        long rss = smaps.value().rssBytes().orElseThrow();
        long low = Math.min(before.vmRssBytes().orElseThrow(), after.vmRssBytes().orElseThrow());
        long high = Math.max(before.vmRssBytes().orElseThrow(), after.vmRssBytes().orElseThrow());
        // VmRSS comes from per-thread counters folded in lazily: allow 1 MiB of drift
        assertThat(rss).isBetween(low - (1 << 20), high + (1 << 20));
        assertThat(before.pid()).isEqualTo(target.pid());
        assertThat(r.smapsRollup().value().rssBytes()).isBetween(rss - (4 << 20), rss + (4 << 20));
    }

    @Test
    void findsThePreTouchedHeapFullyResident() {
        MemoryMap map = new ProcReader(target.pid()).smaps().value();
        Mapping heap = map.find(HEAP_START).orElseThrow();
        assertThat(heap.startAddress()).isEqualTo(HEAP_START);
        assertThat(heap.endAddress()).isEqualTo(HEAP_END);
        assertThat(heap.rssBytes()).isEqualTo(64L << 20);

        PageResidency r = Pagemap.count(target.pid(), HEAP_START, HEAP_END);
        assertThat(r.permitted()).isTrue();
        assertThat(r.pageCount()).isEqualTo(16384);
        assertThat(r.presentPages()).hasValue(16384);
        assertThat(r.swappedPages()).hasValue(0);
        assertThat(r.residentBytes()).hasValue(64L << 20);
        assertThat(r.pfnsVisible()).as("running as root").isTrue();
    }

    @Test
    void countsFewResidentPagesInAReservedRange() {
        MemoryMap map = new ProcReader(target.pid()).smaps().value();
        Mapping reserved = map.mappings().stream().filter(m -> m.isInaccessible() && m.sizeBytes() >= (1 << 20))
                .findFirst().orElseThrow();
        PageResidency r = Pagemap.count(target.pid(), reserved.startAddress(), reserved.endAddress());
        assertThat(r.presentPages()).hasValue(0);
    }

    @Test
    void readsEnvironCmdlineAndCgroup() {
        ProcReader r = new ProcReader(target.pid());
        assertThat(r.environ(Redactor.standard()).value().mallocArenaMax()).contains("2");
        assertThat(r.cmdline(Redactor.standard())).contains("-Xmx64m", Idle.class.getName());
        Optional<Parsed<CgroupMemory>> cg = r.cgroupMemory();
        assertThat(cg).isPresent();
        assertThat(cg.get().value().usageBytes().orElseThrow()).isGreaterThan(64L << 20);
    }

    @Test
    void readsProcessMemoryAndRefusesUnmappedAddresses() {
        try (ProcessMemory mem = ProcessMemory.open(target.pid())) {
            assertThat(mem.permitted()).isTrue();
            assertThat(mem.read(HEAP_START, 16)).hasValueSatisfying(b -> assertThat(b).hasSize(16));
            assertThat(mem.read(0x1000, 16)).isEmpty();
        }
    }

    @Test
    void saysNoSuchProcessInOneLine() {
        assertThatThrownBy(() -> new ProcReader(999_999_999L)).isInstanceOf(TargetException.class)
                .hasMessage("pid 999999999: no such process");
        assertThat(Pagemap.count(999_999_999L, 0, 4096).refusal()).isEqualTo("pid 999999999: no such process");
        assertThat(ProcessMemory.read(999_999_999L, 0x1000, 8)).isEmpty();
    }

    @Test
    void saysWhatToDoWhenPermissionIsDenied() {
        Path smaps = Path.of("/proc/1234/smaps");
        TargetException e = ProcFiles.translate(1234, smaps, new AccessDeniedException(smaps.toString()));
        assertThat(e).hasMessage("pid 1234: permission denied reading /proc/1234/smaps: run as root or as the target's user");
        TargetException gone = ProcFiles.translate(999_999_999L, Path.of("/proc/999999999/smaps"), new IOException("No such process"));
        assertThat(gone).hasMessage("pid 999999999: process exited while reading /proc/999999999/smaps");
    }

    @Test
    void saysTheProcessExitedWhenItEndsBetweenReads() {
        try (TargetJvm shortLived = TargetJvm.builder(Jdk.JDK17, Idle.class).jvmArgs("-Xmx32m", "-XX:-UsePerfData").start()) {
            ProcReader r = new ProcReader(shortLived.pid());
            assertThat(r.status().value().name()).isEqualTo("java");
            shortLived.process().destroyForcibly();
            shortLived.process().onExit().join();
            assertThatThrownBy(r::smaps).isInstanceOf(TargetException.class)
                    .hasMessage("pid " + shortLived.pid() + ": process exited while reading /proc/" + shortLived.pid() + "/smaps");
        }
    }

    /** A process SIGKILLed a moment ago reads empty smaps until its parent reaps it: that is an exit, not a bad file. */
    @Test
    void aZombieHasExitedAndItsEmptySmapsSaysSo() throws Exception {
        // sh starts a short sleep in the background, prints its pid and becomes a long 'sleep', which never reaps it:
        // a zombie once it ends. It lasts a second so that it ends after the exec: sh reaps a child that ends before
        // (with 'true' in the background, this test failed under load with no /proc/PID left)
        Process parent = new ProcessBuilder("sh", "-c", "sleep 1 & echo $!; exec sleep 30").start();
        try {
            long zombie = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream())).readLine().strip());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!java.nio.file.Files.readString(Path.of("/proc/" + zombie + "/stat")).contains(") Z ") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            ProcReader r = new ProcReader(zombie); // /proc/PID is still there
            assertThat(ProcReader.exited(zombie)).isTrue();
            assertThat(ProcReader.exited(parent.pid())).isFalse();
            assertThat(ProcReader.exited(ProcessHandle.current().pid())).isFalse();
            assertThatThrownBy(r::smaps).isInstanceOf(TargetException.class)
                    .hasMessage("pid " + zombie + ": process exited while reading /proc/" + zombie + "/smaps");
        } finally {
            parent.destroyForcibly().waitFor(); // the zombie goes to init, which reaps it
        }
    }
}
