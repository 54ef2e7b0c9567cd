package dev.offheap.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one escaping function of the HTML reports, for text and quoted attribute values. */
class HtmlEscapeTest {
    @Test
    void escapesTheFiveMarkupCharactersAndTheJavaScriptLineSeparators() {
        assertThat(Html.escape("<a href='x' title=\"y\">&amp;</a>"))
                .isEqualTo("&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;amp;&lt;/a&gt;");
        assertThat(Html.escape("a\u2028b\u2029c")).isEqualTo("a&#x2028;b&#x2029;c");
    }

    @Test
    void replacesCharactersHtmlDoesNotAllowAndKeepsEverythingElse() {
        assertThat(Html.escape("nul\u0000 bell\u0007 del\u007f c1\u0085 ok\t\n\r")).isEqualTo("nul\ufffd bell\ufffd del\ufffd c1\ufffd ok\t\n\r");
        assertThat(Html.escape("lone \ud800 and \udc00")).isEqualTo("lone \ufffd and \ufffd");
        assertThat(Html.escape("pair \ud83d\ude00 ü → Ω")).isEqualTo("pair \ud83d\ude00 ü → Ω");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void tableCellsAreRightAlignedOnlyForNumbers() {
        String row = new Html().row("td", "12", "~1.2 MiB", "<1%", "-", "<script>", "1-worker", "libjvm.so").toString();
        assertThat(row).isEqualTo("<tr><td class=\"num\">12</td><td class=\"num\">~1.2 MiB</td><td class=\"num\">&lt;1%</td>"
                + "<td class=\"num\">-</td><td>&lt;script&gt;</td><td>1-worker</td><td>libjvm.so</td></tr>");
    }
}
