package dev.offheap.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each file of a snapshot is parsed once, however often the sources are assembled; a replaced file anew. */
class SnapshotSourcesTest {
    private final AtomicInteger parses = new AtomicInteger();
    private final Function<String, Parsed<Integer>> length = text -> {
        parses.incrementAndGet();
        return new Parsed<>(text.length(), List.of());
    };

    private static SnapshotSources sources() {
        return new SnapshotSources(Map.of(SnapshotSources.NMT, "abc".getBytes(StandardCharsets.UTF_8),
                SnapshotSources.STATUS, "x".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parsesAFileOnceAndKeepsTheResultWhenAnotherFileIsAdded() {
        SnapshotSources s = sources();
        assertThat(s.parsed(SnapshotSources.NMT, length).orElseThrow().value()).isEqualTo(3);
        assertThat(s.parsed(SnapshotSources.NMT, length).orElseThrow().value()).isEqualTo(3);
        SnapshotSources more = s.with(SnapshotSources.META, "pid=1\n");
        assertThat(more.parsed(SnapshotSources.NMT, length).orElseThrow().value()).isEqualTo(3);
        assertThat(parses).hasValue(1);
        assertThat(more.parsed(SnapshotSources.SMAPS, length)).isEmpty();
    }

    @Test
    void parsesAReplacedFileAgainAndLeavesTheOriginalAsItWas() {
        SnapshotSources s = sources();
        s.parsed(SnapshotSources.NMT, length);
        SnapshotSources replaced = s.with(SnapshotSources.NMT, "abcdef");
        assertThat(replaced.parsed(SnapshotSources.NMT, length).orElseThrow().value()).isEqualTo(6);
        assertThat(s.parsed(SnapshotSources.NMT, length).orElseThrow().value()).isEqualTo(3);
        assertThat(parses).hasValue(2);
    }

    @Test
    void takesWhatTheReaderParsedAlready() {
        SnapshotSources s = sources().withParsed(Map.of(SnapshotSources.NMT, new Parsed<>(42, List.of())));
        assertThat(s.parsed(SnapshotSources.NMT, length).orElseThrow().value()).isEqualTo(42);
        assertThat(parses).hasValue(0);
    }
}
