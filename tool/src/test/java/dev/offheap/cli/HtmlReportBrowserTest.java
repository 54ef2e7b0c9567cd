package dev.offheap.cli;

import static dev.offheap.cli.HtmlTestInputs.HOSTILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.offheap.analyze.heap.HeapRules;
import dev.offheap.model.AllocationProfile;
import dev.offheap.model.Finding;
import dev.offheap.model.Report;
import dev.offheap.model.WatchReport;
import dev.offheap.model.heap.HeapSummary;
import dev.offheap.report.html.HeapHtml;
import dev.offheap.report.html.ProfileHtml;
import dev.offheap.report.html.ReportHtml;
import dev.offheap.report.html.WatchHtml;
import dev.offheap.testing.HeadlessChromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML reports opened in a real headless Chromium: each page loads without errors, shows its findings and
 * charts (the screenshot is checked to hold a real chart), and a page built from hostile names runs no script, with
 * and without its Content-Security-Policy. Run with -Doffheap.screenshots=DIR to keep the screenshots.
 */
class HtmlReportBrowserTest {
    // "<title>offheap report — pid 4829 (…)</title>"
    private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);
    // an element (not escaped text: that starts with "&lt;") carrying an event handler, e.g. <img src=x onerror=…>
    private static final Pattern HANDLER = Pattern.compile("<[a-zA-Z][^>]*\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTIVE = Pattern.compile("<(script|img|iframe|object|embed)\\b", Pattern.CASE_INSENSITIVE);

    @TempDir
    Path tmp;

    @BeforeAll
    static void chromium() {
        assumeTrue(HeadlessChromium.available(), "no " + HeadlessChromium.BINARY + " (scripts/install-deps installs it)");
    }

    @Test
    void theHarnessSeesAScriptThatRanAndAScriptError() throws Exception {
        Path page = write("unsafe.html", "<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p>"
                + "<script>document.title='PWNED'; nosuch();</script></body></html>");
        HeadlessChromium.Run dom = HeadlessChromium.dumpDom(page);
        assertThat(title(dom.stdout())).isEqualTo("PWNED");
        assertThat(HeadlessChromium.pageErrors(dom.log())).anyMatch(l -> l.contains("Uncaught ReferenceError: nosuch"));
    }

    @Test
    void snapshotReportLoadsWithoutErrorsAndShowsTheAnswerChartFindingsAndTable() throws Exception {
        Report report = HtmlTestInputs.fixtureReport();
        Path page = write("report.html", ReportHtml.render(report, "test"));
        String dom = loads(page);
        assertThat(dom).contains("RSS 113 MiB: 64.0 MiB direct buffers", "Findings (" + report.findings().size() + ")",
                "DIRECT_MEMORY_UNLIMITED", "Accounting: every resident byte", "libjvm.so", "total (VmRSS)", "<svg");
        for (Finding f : report.findings()) {
            assertThat(dom).contains(f.id());
        }
        screenshot(page, "report.png", 600);
    }

    @Test
    void watchReportShowsTheStackedAreasTheGrowingCategoryAndTheTimeToTheLimit() throws Exception {
        WatchReport watch = HtmlTestInputs.growingWatch();
        Path page = write("watch.html", WatchHtml.render(watch, "test"));
        String dom = loads(page);
        assertThat(dom).contains("DIRECT_BUFFER_GROWTH", "▲ direct-buffers", "reaches the container limit in",
                "limit in ~", "growing: direct-buffers +2.0 MiB/s");
        assertThat(dom.split("<polygon", -1)).hasSize(5);
        screenshot(page, "watch.png", 700);
    }

    @Test
    void profileReportShowsTheFlameGraphAndTheLeakingLibrary() throws Exception {
        AllocationProfile profile = HtmlTestInputs.zstdProfile();
        List<Finding> findings = HtmlTestInputs.profileFindings(profile);
        Path page = write("profile.html", ProfileHtml.render("offheap profile: pid 4242, nativemem", profile, findings, "test"));
        String dom = loads(page);
        assertThat(dom).contains("class=\"flame\"", "ZSTD_createCCtx_advanced", "libzstd-jni-1.5.7-6.so",
                "com.github.luben.zstd.ZstdCompressCtx.&lt;init&gt;");
        for (Finding f : findings) {
            assertThat(dom).contains(f.id());
        }
        screenshot(page, "profile.png", 500);
    }

    @Test
    void heapReportShowsEachViewAsATable() throws Exception {
        HeapSummary heap = HtmlTestInputs.hostileHeap();
        List<Finding> findings = HeapRules.findings(heap);
        Path page = write("heap.html", HeapHtml.render(heap, findings, "test"));
        String dom = loads(page);
        assertThat(dom).contains("Direct buffers", "Holders of reachable buffers", "Class loaders by type",
                "Duplicate classes (6)", "Native owners", "java.util.zip.Inflater");
        assertThat(dom.split("<table", -1)).hasSize(6);
        screenshot(page, "heap.png", 500);
    }

    @Test
    void hostileNamesRunNoScriptInAnyReportWithOrWithoutTheContentSecurityPolicy() throws Exception {
        AllocationProfile profile = HtmlTestInputs.hostileProfile();
        HeapSummary heap = HtmlTestInputs.hostileHeap();
        List<String> pages = List.of(ReportHtml.render(HtmlTestInputs.hostileReport(), "test"),
                WatchHtml.render(HtmlTestInputs.hostileWatch(), "test"),
                ProfileHtml.render("offheap profile " + HOSTILE.get(0), profile, HtmlTestInputs.hostileFindings(), "test"),
                HeapHtml.render(heap, HtmlTestInputs.hostileFindings(), "test"));
        String csp = "<meta http-equiv=\"Content-Security-Policy\"";
        int n = 0;
        for (String html : pages) {
            for (String h : HOSTILE) {
                assertThat(html).as("page %d holds a raw hostile string", n).doesNotContain(h);
            }
            assertThat(html).contains(csp);
            String bare = html.replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "");
            assertThat(bare).doesNotContain(csp);
            for (String variant : List.of(html, bare)) {
                String dom = loads(write("hostile-" + n++ + ".html", variant));
                assertThat(title(dom)).startsWith("offheap").isNotEqualTo("PWNED");
                assertThat(HANDLER.matcher(dom).find()).as("an element with an event handler").isFalse();
                assertThat(ACTIVE.matcher(dom).find()).as("a script, img or iframe element").isFalse();
                assertThat(dom).contains("&lt;script&gt;document.title='PWNED'&lt;/script&gt;",
                        "\"&gt;&lt;img src=x onerror=\"document.title='PWNED'\"&gt;");
            }
        }
        screenshot(write("hostile-report.html", pages.get(0)), "hostile-report.png", 600);
    }

    /** Loads a page, checks the browser reported no error, and returns the DOM. */
    private static String loads(Path page) {
        HeadlessChromium.Run dom = HeadlessChromium.dumpDom(page);
        assertThat(dom.exitCode()).as(dom.log()).isZero();
        assertThat(HeadlessChromium.pageErrors(dom.log())).isEmpty();
        assertThat(dom.stdout()).contains("</main>");
        return dom.stdout();
    }

    /** A screenshot whose top {@code height} pixels hold many colours (charts, cards), not a blank page. */
    private void screenshot(Path page, String name, int height) throws Exception {
        Path png = tmp.resolve(name);
        HeadlessChromium.Run run = HeadlessChromium.screenshot(page, png);
        assertThat(png).as(run.log()).exists();
        assertThat(HeadlessChromium.distinctColours(png, 0, 0, 1280, height)).isGreaterThan(40);
        String dir = System.getProperty("offheap.screenshots");
        if (dir != null) {
            Files.copy(png, Path.of(dir).resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String title(String dom) {
        Matcher m = TITLE.matcher(dom);
        return m.find() ? m.group(1) : "";
    }

    private Path write(String name, String html) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, html, StandardCharsets.UTF_8);
        return p;
    }
}
