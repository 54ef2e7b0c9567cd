package dev.offheap.redact;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials inside free text (a value, a command held by a flag, a line of unknown shape): a URL's password, a
 * header, an assignment or an option whose name looks secret. Each value found is replaced by {@link Redactor#MARK}
 * and remembered by the name it had, never by its content.
 */
final class Credentials {
    // "https://app:s3cret@db.example/x", "postgres://app:s3cret@db:5432/app": the password of a URL's user info (up to
    // its last '@', which a password may hold unencoded)
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]{0,31}://[^\\s/@:'\"]*:([^\\s/'\"]*)@");
    // "jdbc:oracle:thin:scott/tiger@//db:1521/app", "jdbc:oracle:oci:scott/tiger@tns": Oracle's user/password@ (up to
    // the last '@' of the word)
    private static final Pattern ORACLE_PASSWORD = Pattern.compile("(?i)\\bjdbc:oracle:[a-z0-9]+:[^\\s/@:;'\"]+/([^\\s'\"]*)@");
    /** The options of curl (and wget, ftp clients) whose next word is {@code user:password}. */
    private static final String USER_OPTIONS = "-u|-U|--user|--proxy-user";
    static final Pattern USER_OPTION = Pattern.compile(USER_OPTIONS);
    // "curl -u app:s3cret …", "--user=app:s3cret", "--proxy-user app:s3cret": the password after the user's ':'
    private static final Pattern USER_OPTION_PASSWORD = Pattern.compile(
            "(?<![\\w.-])(?:" + USER_OPTIONS + ")(?:[ \\t]+|=)(['\"]?)[^\\s:'\"]+:([^\\s'\"]+)");
    // "Authorization: Bearer eyJhbGci…", "X-Api-Key: 3f2a…" (a header in a curl command of -XX:OnError)
    private static final Pattern HEADER = Pattern.compile(
            "(?<![\\w.-])([A-Za-z][\\w-]*):[ \\t]*(?:(?i:basic|bearer|digest|negotiate|token)[ \\t]+)?(?=[^\\s])");
    // "password=s3cret" in a query string or a JDBC URL ("…;password=s3cret;…"), "-Dapi.token=…", "--key=…"
    private static final Pattern ASSIGNMENT = Pattern.compile("(?<![\\w.-])(-D|-XX:|--|-)?([A-Za-z_][\\w.-]*)=");
    // "-XX:MaxHeapSize=4g", "-XX:CICompilerCount=2": a flag's number or switch is never a secret, whatever its name
    static final Pattern PLAIN = Pattern.compile("[0-9]+[kKmMgGtT]?|true|false");
    // "--token abc", "-password abc": an option and its value inside a command (-XX:OnError, JAVA_TOOL_OPTIONS)
    private static final Pattern OPTION = Pattern.compile("(?<![\\w.-])(--?)([A-Za-z][\\w.-]*)[ \\t]+(?=[^\\s-])");

    private Credentials() {
    }

    /** {@code text} with the credentials inside replaced; {@code context} (or null) is where the text is, for the record. */
    static String scrub(String text, String context, Redactor r) {
        // each pattern only where its one literal character is: most text has no '=' or "://"
        String s = text.contains("://") ? passwords(text, URL_PASSWORD, 1, "URL password", context, r) : text;
        s = s.indexOf('@') >= 0 && s.indexOf('/') >= 0 ? passwords(s, ORACLE_PASSWORD, 1, "JDBC URL password", context, r) : s;
        s = s.indexOf(':') >= 0 && s.indexOf('-') >= 0 ? passwords(s, USER_OPTION_PASSWORD, 2, "user password", context, r) : s;
        s = s.indexOf(':') >= 0 ? named(s, HEADER, 1, " header", context, r) : s;
        s = s.indexOf('=') >= 0 ? named(s, ASSIGNMENT, 2, "", context, r) : s;
        s = s.indexOf('-') >= 0 ? named(s, OPTION, 2, "", context, r) : s;
        return s.equals(text) ? text : s;
    }

    /** Only the headers: what spans words of a command line joined with blanks (its words are redacted one by one). */
    static String headers(String text, String context, Redactor r) {
        return text.indexOf(':') >= 0 ? named(text, HEADER, 1, " header", context, r) : text;
    }

    /** The password of a user (group {@code group} of each match of {@code p}) replaced. */
    private static String passwords(String text, Pattern p, int group, String what, String context, Redactor r) {
        Matcher m = p.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (m.find()) {
            if (m.group(group).isEmpty() || m.group(group).equals(Redactor.MARK)) {
                continue;
            }
            out = out == null ? new StringBuilder(text.length()) : out;
            out.append(text, copied, m.start(group)).append(Redactor.MARK);
            copied = m.end(group);
            r.remember(label(context, what));
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /**
     * Replaces the value after each match of {@code p} whose group {@code nameGroup} is a secret key (to
     * {@link #valueEnd}). A name that is not secret is passed over without its value, so an assignment nested in its
     * value ("-Dconfig=token=abc") is still seen.
     */
    private static String named(String text, Pattern p, int nameGroup, String kind, String context, Redactor r) {
        Matcher m = p.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (from <= text.length() && m.find(from)) {
            from = m.end() > m.start() ? m.end() : m.end() + 1;
            if (!r.secretKey(m.group(nameGroup))) {
                continue;
            }
            int end = valueEnd(text, m.end());
            String value = text.substring(m.end(), end);
            if (value.isEmpty() || value.equals(Redactor.MARK) || "-XX:".equals(m.group(1)) && PLAIN.matcher(value).matches()) {
                continue;
            }
            out = out == null ? new StringBuilder(text.length()) : out;
            out.append(text, copied, m.end()).append(Redactor.MARK);
            copied = end;
            from = end;
            String name = m.group(0).substring(0, m.end(nameGroup) - m.start()).strip();
            r.remember(label(context, name + kind));
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /**
     * Where a value starting at {@code start} ends: at a blank, '&' or ';', or at a quote when it is not quoted itself
     * (the quote then closes what holds it); a quoted value goes on after its closing quote, as a shell word does.
     */
    private static int valueEnd(String text, int start) {
        boolean quoted = start < text.length() && (text.charAt(start) == '"' || text.charAt(start) == '\'');
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted && (c == '"' || c == '\'')) {
                int close = text.indexOf(c, i + 1);
                if (close < 0) {
                    return text.length();
                }
                i = close + 1;
            } else if (" \t\r\n&;".indexOf(c) >= 0 || c == '"' || c == '\'') {
                return i;
            } else {
                i++;
            }
        }
        return i;
    }

    private static String label(String context, String what) {
        return context == null ? what : context + ": " + what;
    }
}
