package dev.offheap.cli;

import static dev.offheap.cli.HtmlTestInputs.HOSTILE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.report.html.HeapHtml;
import dev.offheap.report.html.ProfileHtml;
import dev.offheap.report.html.ReportHtml;
import dev.offheap.report.html.WatchHtml;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Without a browser: every renderer escapes every target string (none appears raw), and no page holds a script,
 * an event handler or a reference to anything outside the file.
 */
class HtmlReportEscapingTest {
    // a start tag: its name and attributes ("<rect x=\"1\" …>"); escaped text ("&lt;img …") is not one
    private static final Pattern TAG = Pattern.compile("<([a-zA-Z][\\w:-]*)([^>]*)>");
    // attributes that would run or load something
    private static final Pattern ACTIVE_ATTRIBUTE = Pattern.compile("\\s(on[a-z]+|src|href|xlink:href|srcdoc|action)\\s*=",
            Pattern.CASE_INSENSITIVE);

    static List<String> hostilePages() {
        return List.of(ReportHtml.render(HtmlTestInputs.hostileReport(), "test"),
                WatchHtml.render(HtmlTestInputs.hostileWatch(), "test"),
                ProfileHtml.render("offheap profile " + HOSTILE.get(0), HtmlTestInputs.hostileProfile(),
                        HtmlTestInputs.hostileFindings(), "test"),
                HeapHtml.render(HtmlTestInputs.hostileHeap(), HtmlTestInputs.hostileFindings(), "test"),
                dev.offheap.report.html.GrowthProfileHtml.render("offheap profile " + HOSTILE.get(0), HtmlTestInputs.hostileGrowthProfile(),
                        dev.offheap.analyze.GrowthFindings.evaluate(HtmlTestInputs.hostileGrowthProfile()), "test"));
    }

    @Test
    void noHostileStringAppearsUnescapedInAnyPage() {
        for (String page : hostilePages()) {
            for (String h : HOSTILE) {
                assertThat(page).doesNotContain(h);
            }
            assertThat(page).contains("&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;",
                    "&quot;&gt;&lt;img src=x onerror=&quot;document.title=&#39;PWNED&#39;&quot;&gt;");
            assertThat(page).doesNotContain("\u0000", "\u2028", "\u2029");
        }
    }

    @Test
    void pagesHoldNoScriptNoHandlerAndNoExternalReference() {
        List<String> pages = new ArrayList<>(hostilePages());
        pages.add(ReportHtml.render(HtmlTestInputs.fixtureReport(), "test"));
        pages.add(WatchHtml.render(HtmlTestInputs.growingWatch(), "test"));
        pages.add(ProfileHtml.render("p", HtmlTestInputs.zstdProfile(), List.of(), "test"));
        for (String page : pages) {
            Matcher m = TAG.matcher(page);
            while (m.find()) {
                assertThat(m.group(1).toLowerCase(java.util.Locale.ROOT)).isNotIn("script", "img", "iframe", "object",
                        "embed", "link", "base", "form", "a", "image", "use", "foreignobject");
                assertThat(ACTIVE_ATTRIBUTE.matcher(m.group(2)).find()).as(m.group()).isFalse();
            }
            String css = page.substring(page.indexOf("<style>"), page.indexOf("</style>"));
            assertThat(css).doesNotContain("url(", "@import");
            assertThat(page).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
        }
    }
}
