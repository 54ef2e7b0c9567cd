package dev.offheap.report;

import static dev.offheap.analyze.Recordings.MIB;
import static dev.offheap.analyze.Recordings.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.analyze.Recordings;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live view of {@code offheap watch} in a terminal: redrawn from the top, a row per category with rate and trend. */
class WatchScreenTest {
    @Test
    void redrawsFromTheTopWithRatesAndTrendsOfWhatGrows() {
        List<Sample> samples = Recordings.samples(5, i -> Recordings.sample(i, (200 + 16L * i) * MIB,
                map("direct-buffers", (64 + 16L * i) * MIB, "java-heap", 50 * MIB, "metaspace", 0), Map.of(), Map.of(),
                (64 + 16L * i) * MIB, 20L, 3000L, null));
        Recording r = Recordings.recording("17.0.15+6", "summary", Map.of(), samples);
        String screen = WatchText.screen(r, samples, 4_000, 600_000);
        assertThat(screen).startsWith("\u001b[H\u001b[2J").contains("offheap watch 4242 (JDK 17.0.15+6)  4s of 600s, 5 samples");
        List<String> lines = screen.lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\s+rss\\s+264 MiB\\s+\\+16\\.0 MiB/s\\s+▁▂▄▆█"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\s+direct-buffers\\s+128 MiB\\s+\\+16\\.0 MiB/s\\s+▁▂▄▆█"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\s+java-heap\\s+50\\.0 MiB\\s+0 B/s\\s+▁▁▁▁▁"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\s+direct pool \\(128\\)\\s+128 MiB\\s+\\+16\\.0 MiB/s\\s+▁▂▄▆█"));
        // a category with nothing resident has no row
        assertThat(screen).doesNotContain("metaspace");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("threads 20").contains("classes 3000").contains("code cache 8.0 MiB"));
    }
}
