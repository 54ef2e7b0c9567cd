package dev.offheap.analyze;

import dev.offheap.assemble.SnapshotAssembler;
import dev.offheap.model.JvmRegion;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.SnapshotSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** Metaspace and class space found by their reserved size in a real JDK 17 snapshot (fixtures/snapshot/SOURCES.md). */
class ReservationLocatorTest {
    private static final Path FOLDER = Path.of("src/test/resources/fixtures/snapshot/jdk17-direct-buffers-nmt-summary");
    private static final String METASPACE_MMAP = "(mmap: reserved=65536KB, committed=1088KB)";
    // in that JVM's smaps: 1 MiB at the end of a merged rw-p mapping, 3 MiB ---p, 64 KiB rw-p, 61376 KiB ---p
    private static final long METASPACE_START = 0x7f2997000000L;
    private static final long CLASS_SPACE_START = 0x7f299c000000L;

    @Test
    void findsBothReservationsOfTheSavedJvm() {
        List<JvmRegion> found = ReservationLocator.locate(SnapshotAssembler.assemble(saved()));
        assertThat(found).extracting(JvmRegion::category, JvmRegion::start, JvmRegion::sizeBytes).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(MemoryCategory.METASPACE, METASPACE_START, 64L << 20),
                org.assertj.core.groups.Tuple.tuple(MemoryCategory.CLASS_SPACE, CLASS_SPACE_START, 1L << 30));
    }

    @Test
    void metaspaceIsStillFoundWhenItCommittedTwoGranulesBetweenNmtAndSmaps() {
        // smaps read after two 64 KiB granules were committed: NMT says less than is mapped with access
        assertThat(metaspace(withMetaspace("(mmap: reserved=65536KB, committed=960KB)")))
                .extracting(JvmRegion::start).containsExactly(METASPACE_START);
    }

    @Test
    void aCommittedFigureFarFromWhatIsMappedMatchesNoReservation() {
        // the 64 MiB windows of that run have 1088 KiB or 9312 KiB mapped with access: 4096 KiB is neither, by far
        assertThat(metaspace(withMetaspace("(mmap: reserved=65536KB, committed=4096KB)"))).isEmpty();
    }

    private static List<JvmRegion> metaspace(SnapshotSources sources) {
        return ReservationLocator.locate(SnapshotAssembler.assemble(sources)).stream()
                .filter(r -> r.category() == MemoryCategory.METASPACE).toList();
    }

    private static SnapshotSources withMetaspace(String mmap) {
        SnapshotSources saved = saved();
        String nmt = saved.text(SnapshotSources.NMT).orElseThrow();
        assertThat(nmt).contains(METASPACE_MMAP);
        return saved.with(SnapshotSources.NMT, nmt.replace(METASPACE_MMAP, mmap));
    }

    private static SnapshotSources saved() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(FOLDER)) {
            for (Path f : list.sorted().toList()) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new SnapshotSources(files);
    }
}
