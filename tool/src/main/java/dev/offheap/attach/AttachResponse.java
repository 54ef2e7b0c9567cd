package dev.offheap.attach;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reply to one attach operation: {@code "<code>\n<output>"} until the listener closes the connection
 * ({@code ReplyWriter::write_reply} in attachListener.cpp). Code 0 is JNI_OK, -1 JNI_ERR, 101 a protocol mismatch.
 * With streaming output (JDK 25 default) the code 0 is sent before the operation runs, so a later failure arrives
 * only as text after it.
 */
public record AttachResponse(int code, String output) {
    /** ATTACH_ERROR_BADVERSION: the listener did not understand the request's protocol version. */
    public static final int BAD_VERSION = 101;

    // "java.lang.IllegalArgumentException: Unknown diagnostic command"
    private static final Pattern EXCEPTION_PREFIX = Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ");

    public boolean ok() {
        return code == 0;
    }

    /** Parses everything read from the connection; empty when no complete code line arrived (EOF or garbage). */
    static Optional<AttachResponse> parse(byte[] reply) {
        int nl = 0;
        while (nl < reply.length && reply[nl] != '\n') {
            nl++;
        }
        if (nl == reply.length || nl == 0 || nl > 11) {
            return Optional.empty();
        }
        String codeText = new String(reply, 0, nl, StandardCharsets.US_ASCII);
        int code;
        try {
            code = Integer.parseInt(codeText);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String output = new String(reply, nl + 1, reply.length - nl - 1, StandardCharsets.UTF_8);
        return Optional.of(new AttachResponse(code, output));
    }

    /**
     * The output as one line for an error message: lines joined, a leading Java exception class name dropped
     * ({@code "java.lang.IllegalArgumentException: Unknown diagnostic command"} becomes
     * {@code "Unknown diagnostic command"}), at most 300 characters.
     */
    public String message() {
        String text = output.strip().replaceAll("\\s*\\R\\s*", "; ");
        Matcher m = EXCEPTION_PREFIX.matcher(text);
        if (m.find()) {
            text = text.substring(m.end());
        }
        if (text.isEmpty()) {
            return "code " + code + ", no message";
        }
        return text.length() > 300 ? text.substring(0, 297) + "..." : text;
    }
}
