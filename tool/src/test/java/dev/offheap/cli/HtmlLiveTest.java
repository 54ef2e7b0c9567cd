package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.testing.Cli;
import dev.offheap.testing.HeadlessChromium;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.DirectBufferLeak;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report --html} and {@code watch --record --html} on a real JVM leaking direct buffers (JDK 17), the
 * recording analyzed again with {@code analyze --html}, and the live watch page opened in headless Chromium.
 */
class HtmlLiveTest {
    @TempDir
    Path tmp;

    @Test
    void reportAndWatchOfALeakingJvmWriteTheirPagesAndTheRecordingGivesTheSamePage() throws Exception {
        Path report = tmp.resolve("report.html");
        Path watch = tmp.resolve("watch.html");
        Path again = tmp.resolve("again.html");
        Path record = tmp.resolve("rec.jsonl");
        try (TargetJvm t = TargetJvm.builder(Jdk.JDK17, DirectBufferLeak.class).args("16", "8", "160")
                .jvmArgs("-Xmx128m", "-XX:NativeMemoryTracking=summary").start()) {
            Cli.Result r = Cli.run("report", t.pid(), "--html", report);
            assertThat(r.exitCode()).as(r.err()).isZero();
            Cli.Result w = Cli.run("watch", "--interval", "1s", "--duration", "6s", "--record", record, "--html", watch, t.pid());
            assertThat(w.exitCode()).as(w.err()).isZero();
        }
        assertThat(Files.readString(report)).contains("<title>offheap report — pid ", "DirectBufferLeak", "direct-buffers",
                "DIRECT_MEMORY_UNLIMITED");
        String live = Files.readString(watch);
        assertThat(live).contains("<title>offheap watch", "<polygon", "DIRECT_BUFFER_GROWTH", "▲ direct-buffers");
        Cli.Result a = Cli.run("analyze", record, "--html", again);
        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(Files.readString(again)).contains("DIRECT_BUFFER_GROWTH", "▲ direct-buffers");
        if (HeadlessChromium.available()) {
            HeadlessChromium.Run dom = HeadlessChromium.dumpDom(watch);
            assertThat(HeadlessChromium.pageErrors(dom.log())).isEmpty();
            assertThat(dom.stdout()).contains("DIRECT_BUFFER_GROWTH");
            Path png = tmp.resolve("live-watch.png");
            HeadlessChromium.screenshot(watch, png);
            assertThat(HeadlessChromium.distinctColours(png, 0, 0, 1280, 700)).isGreaterThan(40);
            String keep = System.getProperty("offheap.screenshots");
            if (keep != null) {
                Files.copy(png, Path.of(keep).resolve("live-watch.png"), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(report, Path.of(keep).resolve("live-report.html"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("temporary files left").noneMatch(n -> n.startsWith("."));
        }
    }
}
