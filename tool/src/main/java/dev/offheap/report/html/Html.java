package dev.offheap.report.html;

import java.util.regex.Pattern;

/**
 * Builds HTML and inline SVG. Every string that may come from the target (class, thread, method, library and file
 * names, notes) goes through {@link #escape}, the one escaping function of the HTML reports, both as text and as a
 * (double-quoted) attribute value; tag names, classes and numbers are the renderers' own constants.
 */
final class Html {
    // "12", "~1.2 MiB", "+3 KiB", "<1%", "-"
    private static final Pattern NUMBER = Pattern.compile("-|[~+<-]?\\d[\\d.,]*( ?(B|KiB|MiB|GiB|TiB|%))?");
    private final StringBuilder sb = new StringBuilder();

    /**
     * The text made safe for HTML text content and for double- or single-quoted attribute values: {@code & < > " '}
     * and the line and paragraph separators (U+2028, U+2029) become entities, control characters (other than tab, line feed, carriage return) and lone surrogates become
     * U+FFFD, as they are not allowed in HTML text.
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\u2028' -> out.append("&#x2028;");
                case '\u2029' -> out.append("&#x2029;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                            || (c >= 0x7f && c < 0xa0) || c == 0xfffe || c == 0xffff) {
                        out.append('\ufffd');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** {@code <tag class="cls">} (no class attribute when {@code cls} is null). */
    Html open(String tag, String cls) {
        sb.append('<').append(tag);
        if (cls != null) {
            sb.append(" class=\"").append(cls).append('"');
        }
        sb.append('>');
        return this;
    }

    Html close(String tag) {
        sb.append("</").append(tag).append('>');
        return this;
    }

    /** {@code <tag class="cls">escaped text</tag>}. */
    Html el(String tag, String cls, String text) {
        return open(tag, cls).text(text).close(tag);
    }

    /** Escaped text. */
    Html text(String s) {
        sb.append(escape(s));
        return this;
    }

    /** Markup built by this package (never a target string). */
    Html raw(String markup) {
        sb.append(markup);
        return this;
    }

    Html append(Html other) {
        sb.append(other.sb);
        return this;
    }

    /** A table row of escaped cells; sizes, counts and percentages ("~1.2 MiB", "+3 KiB", "<1%", "-") right-aligned. */
    Html row(String tag, String... cells) {
        sb.append("<tr>");
        for (String c : cells) {
            open(tag, NUMBER.matcher(c).matches() ? "num" : null).text(c).close(tag);
        }
        sb.append("</tr>");
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
